import type { Lane, LaneTasks } from '../../../../../shared/run-lanes';
import { PALETTE, seriesColor, STATE_COLORS } from '../../../components/chart-theme';
import { laneLife, laneSegments, sliceToX } from '../../../lib/lane-geometry';

/** Height of one lane row, CSS px: the labels beside the canvas use the same. */
export const LANE_ROW = 18;
/** The state part of a row; the core band sits under it. */
const STATE_H = 12;
const CORE_Y = 14;
const CORE_H = 3;
/** Blocked is a low bar: a quarter of the state part, so it reads as "not doing anything". */
const BLOCKED_H = 3;

/** The hatch made for each colour: one per theme, made once. */
const hatches = new Map<string, CanvasPattern | null>();

/**
 * Diagonal stripes of `color`: ready is told apart from running by hatching as well as hue
 * (the lanes here, the state strips in the Processes tab).
 */
export function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  if (!hatches.has(color)) {
    const tile = document.createElement('canvas');
    tile.width = 4;
    tile.height = 4;
    const t = tile.getContext('2d');
    if (t) {
      t.strokeStyle = color;
      t.lineWidth = 1.5;
      t.beginPath();
      // Two strokes, so the stripe runs on across the tile's corners without gaps.
      t.moveTo(-1, 5);
      t.lineTo(5, -1);
      t.moveTo(3, 5);
      t.lineTo(5, 3);
      t.moveTo(-1, 1);
      t.lineTo(1, -1);
      t.stroke();
    }
    hatches.set(color, t ? ctx.createPattern(tile, 'repeat') : null);
  }
  return hatches.get(color) ?? color;
}

/**
 * Draws `lanes` one row each on `width` CSS px, `totalSlices` across, so states differ by shape
 * as well as hue: running full height and solid, ready full height and hatched, blocked a low
 * bar, absent nothing; under each, a band in the colour of the core it was on (a thin line when
 * not running); ticks where a worker started and ended. Colours come from the theme on screen.
 */
export function paintLanes(
  ctx: CanvasRenderingContext2D,
  lanes: readonly Lane[],
  totalSlices: number,
  width: number,
  cores: number,
): void {
  const ready = hatch(ctx, STATE_COLORS.ready);
  lanes.forEach((lane, row) => {
    const top = row * LANE_ROW;
    for (const segment of laneSegments(lane.states, lane.cores, totalSlices, width)) {
      const w = Math.max(segment.width, 1);
      if (segment.state === 'absent') continue;
      if (segment.state === 'running') {
        ctx.fillStyle = STATE_COLORS.running;
        ctx.fillRect(segment.x, top, w, STATE_H);
      } else if (segment.state === 'ready') {
        ctx.fillStyle = ready;
        ctx.fillRect(segment.x, top, w, STATE_H);
      } else {
        ctx.fillStyle = STATE_COLORS.blocked;
        ctx.fillRect(segment.x, top + STATE_H - BLOCKED_H, w, BLOCKED_H);
      }
      if (segment.core !== null) {
        ctx.fillStyle = seriesColor(segment.core, cores);
        // Not running: a one-pixel line in full colour rather than a faint band (kept at 3:1).
        if (segment.state === 'running') ctx.fillRect(segment.x, top + CORE_Y, w, CORE_H);
        else ctx.fillRect(segment.x, top + CORE_Y + 1, w, 1);
      }
    }
    const life = laneLife(lane.states);
    if (life === null) return;
    ctx.fillStyle = PALETTE.start;
    // Spawn: a tick where it appears after the run began; exit: where it is gone before the end.
    if (life.first > 0) ctx.fillRect(sliceToX(life.first, totalSlices, width), top, 2, LANE_ROW);
    if (life.last < lane.states.length - 1) {
      ctx.fillStyle = PALETTE.end;
      ctx.fillRect(sliceToX(life.last + 1, totalSlices, width) - 2, top, 2, LANE_ROW);
    }
  });
}

/** Tasks done per worker over the run: one line each, all on one scale from 0 to the most. */
export function paintTasks(
  ctx: CanvasRenderingContext2D,
  tasks: readonly LaneTasks[],
  totalSlices: number,
  width: number,
  height: number,
): void {
  const most = Math.max(1, ...tasks.map((t) => t.points.at(-1)?.[1] ?? 0));
  ctx.lineWidth = 1.25;
  tasks.forEach((worker, index) => {
    ctx.strokeStyle = seriesColor(index, tasks.length);
    ctx.beginPath();
    ctx.moveTo(0, height);
    for (const [slice, done] of worker.points) {
      ctx.lineTo(sliceToX(slice + 1, totalSlices, width), height - (done / most) * (height - 2));
    }
    ctx.stroke();
  });
}
