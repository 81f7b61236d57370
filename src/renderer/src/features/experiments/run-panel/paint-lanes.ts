import type { Lane, LaneTasks } from '../../../../../shared/run-lanes';
import { PALETTE, seriesColor, STATE_COLORS } from '../../../components/chart-theme';
import { laneLife, laneSegments, sliceToX } from '../../../lib/lane-geometry';

/** Height of one lane row, CSS px: the labels beside the canvas use the same. */
export const LANE_ROW = 18;
/** The state part of a row; the core band sits under it. */
const STATE_H = 12;
const CORE_Y = 14;
const CORE_H = 3;

let readyPattern: CanvasPattern | null | undefined;

/** Ready is told apart by hatching as well as hue: yellow diagonal stripes. */
function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | string {
  if (readyPattern === undefined) {
    const tile = document.createElement('canvas');
    tile.width = 4;
    tile.height = 4;
    const t = tile.getContext('2d');
    if (t) {
      t.strokeStyle = STATE_COLORS.ready;
      t.lineWidth = 1.5;
      t.beginPath();
      t.moveTo(0, 4);
      t.lineTo(4, 0);
      t.stroke();
    }
    readyPattern = t ? ctx.createPattern(tile, 'repeat') : null;
  }
  return readyPattern ?? STATE_COLORS.ready;
}

/**
 * Draws `lanes` one row each on `width` CSS px, `totalSlices` across: running full height,
 * ready half height and hatched, blocked a thin line; under each, a band in the colour of the
 * core it was on (faint when not running); white ticks where a worker started and ended.
 */
export function paintLanes(
  ctx: CanvasRenderingContext2D,
  lanes: readonly Lane[],
  totalSlices: number,
  width: number,
  cores: number,
): void {
  const ready = hatch(ctx);
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
        ctx.fillRect(segment.x, top + STATE_H / 2, w, STATE_H / 2);
      } else {
        ctx.fillStyle = STATE_COLORS.blocked;
        ctx.fillRect(segment.x, top + STATE_H - 2, w, 2);
      }
      if (segment.core !== null) {
        ctx.globalAlpha = segment.state === 'running' ? 1 : 0.35;
        ctx.fillStyle = seriesColor(segment.core, cores);
        ctx.fillRect(segment.x, top + CORE_Y, w, CORE_H);
        ctx.globalAlpha = 1;
      }
    }
    const life = laneLife(lane.states);
    if (life === null) return;
    ctx.fillStyle = PALETTE.lightGreen;
    // Spawn: a tick where it appears after the run began; exit: where it is gone before the end.
    if (life.first > 0) ctx.fillRect(sliceToX(life.first, totalSlices, width), top, 2, LANE_ROW);
    if (life.last < lane.states.length - 1) {
      ctx.fillStyle = PALETTE.red;
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
