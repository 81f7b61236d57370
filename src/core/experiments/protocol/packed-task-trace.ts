import type { RawTask, RawTaskTrace } from './task-trace';

/**
 * A raw task trace as a loop worker thread posts it: every number in one Float64Array, moved
 * to the host rather than copied, so reporting thousands of tasks costs the run next to nothing.
 * Per task: index, created, finished (NaN while unfinished), turn count n, then n start/end pairs.
 */
export type PackedTaskTrace = Omit<RawTaskTrace, 'tasks'> & {
  /** A plain array where it went as JSON (NaN arrives as null there). */
  data: Float64Array | readonly (number | null)[];
};

/** The trace in the shape models report (one object per task). */
export function unpackTaskTrace(packed: PackedTaskTrace): RawTaskTrace {
  const { data, ...rest } = packed;
  const tasks: RawTask[] = [];
  let at = 0;
  while (at + 4 <= data.length) {
    const index = data[at] ?? 0;
    const created = data[at + 1] ?? 0;
    const finished = data[at + 2] ?? NaN;
    const count = data[at + 3] ?? 0;
    at += 4;
    const turns: [number, number][] = [];
    for (let i = 0; i < count && at + 1 < data.length; i += 1, at += 2) {
      turns.push([data[at] ?? 0, data[at + 1] ?? 0]);
    }
    tasks.push({ index, turns, life: [created, Number.isNaN(finished) ? null : finished] });
  }
  return { ...rest, tasks };
}
