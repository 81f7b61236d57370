import { STATE_COLORS } from '../../../components/chart-theme';
import type { TaskLaneRow } from '../../../lib/task-lane-geometry';

/** Height of one task lane row, CSS px: the labels beside the canvas use the same. */
export const TASK_ROW = 12;
/** The turn bar's height; the row's rest is a gap, so neighbouring lanes stay apart. */
const TURN_H = 8;
const LINE_H = 2;

/**
 * Draws the rows one under another: suspended time as a thin line through the row, turns as
 * filled bars over it (at least a pixel wide, so a short turn is never lost). Shape carries the
 * meaning (bar vs line), as in the thread lanes, not colour alone.
 */
export function paintTaskLanes(ctx: CanvasRenderingContext2D, rows: readonly TaskLaneRow[]): void {
  rows.forEach((row, index) => {
    const top = index * TASK_ROW + (TASK_ROW - TURN_H) / 2;
    if (row.life !== null) {
      ctx.fillStyle = STATE_COLORS.blocked;
      ctx.fillRect(row.life.x, top + (TURN_H - LINE_H) / 2, row.life.width, LINE_H);
    }
    ctx.fillStyle = STATE_COLORS.running;
    for (const turn of row.turns) ctx.fillRect(turn.x, top, Math.max(turn.width, 1), TURN_H);
  });
}
