import type { TaskLane } from '../../../shared/task-lanes';

/**
 * Where an async run's task lanes go on their canvas: each task's turns and life mapped onto the
 * thread lanes' time axis and thinned to whole pixels. Pure, so tests check it.
 */

/** A horizontal stretch on the canvas, CSS px. */
export interface Span {
  x: number;
  width: number;
}

/** One task lane as drawn: its turns merged to whole pixels, and its life as a thin line. */
export interface TaskLaneRow {
  /** Turns as spans, in order, never overlapping, at most one per pixel column. */
  turns: Span[];
  /** From created to finished (or the right edge if it never finished); null off the axis. */
  life: Span | null;
}

/**
 * Each lane's turns and life on `width` px where `totalMs` (the thread lanes' time axis) fills
 * the width. Turns closer than a pixel are merged, so a lane with thousands of turns draws at
 * most one rectangle per pixel column; turns beyond the axis are clipped.
 */
export function taskLaneRows(
  lanes: readonly TaskLane[],
  totalMs: number,
  width: number,
): TaskLaneRow[] {
  if (totalMs <= 0 || width <= 0) return lanes.map(() => ({ turns: [], life: null }));
  const toX = (ms: number): number => Math.min(width, Math.max(0, (ms / totalMs) * width));
  return lanes.map((lane) => {
    const turns: Span[] = [];
    for (const [start, end] of lane.turns) {
      const x0 = toX(start);
      const x1 = toX(Math.max(start, end));
      if (x0 >= width) break; // sorted: the rest is off the axis too
      const last = turns.at(-1);
      if (last !== undefined && x0 - (last.x + last.width) < 1) {
        last.width = Math.max(last.width, x1 - last.x);
      } else {
        turns.push({ x: x0, width: x1 - x0 });
      }
    }
    const [created, finished] = lane.life;
    const from = toX(created);
    const to = finished === null ? width : toX(finished);
    const life = from < width && to > from ? { x: from, width: to - from } : null;
    return { turns, life };
  });
}

/** A drawn row: a lane, and whether it is one task of an opened group. */
export interface TaskRow {
  lane: TaskLane;
  member: boolean;
  /** The group's index in the trace, for a group that can be opened. */
  group: number | null;
}

/** The rows to draw: every lane, each opened group followed by its own tasks. */
export function taskRowsOf(lanes: readonly TaskLane[], opened: ReadonlySet<number>): TaskRow[] {
  return lanes.flatMap((lane, index) => {
    const row: TaskRow = { lane, member: false, group: lane.members ? index : null };
    const members = opened.has(index) ? (lane.members ?? []) : [];
    return [row, ...members.map((member) => ({ lane: member, member: true, group: null }))];
  });
}
