import { z } from 'zod';
import { MAX_TASK_TURNS, TASK_RUNTIMES, type LoopDelay } from '../../../shared/task-lanes';
import { loopDelaySchema } from '../../../shared/task-lanes-schema';
import type { RawTask, RawTaskTrace } from '../protocol/task-trace';

/**
 * The Python script's coroutine lines (asyncio and gevent): its tasks' turns once at the end,
 * and the event loop's delay about once a second. They come from another process, so each is
 * checked against its schema before the host passes it on.
 */

/** Microseconds after the line's baseMs (a run lasts at most its 600 s time limit, and more). */
const micros = z.number().int().min(-1).max(1e10);

const tasksLineSchema = z.object({
  type: z.literal('tasks'),
  clock: z.literal('monotonic'),
  runtime: z.enum(TASK_RUNTIMES),
  pid: z.number().int().positive(),
  tid: z.number().int().positive().nullable(),
  baseMs: z.number().min(0).max(1e12),
  // Per task: [index, created, finished or -1, start, end, start, end…] (see coroutines.py).
  tasks: z
    .array(
      z
        .array(micros)
        .min(3)
        .max(3 + 2 * MAX_TASK_TURNS)
        .refine((row) => row.length % 2 === 1, 'a turn without its end'),
    )
    .max(MAX_TASK_TURNS),
  taskTotal: z.number().int().nonnegative(),
  taskSwitches: z.number().int().nonnegative(),
  truncated: z.boolean(),
});

type TasksLine = z.infer<typeof tasksLineSchema>;

/** One compact row back into a task: times in ms on CLOCK_MONOTONIC. */
function taskOfRow(row: readonly number[], baseMs: number): RawTask {
  const at = (us: number): number => baseMs + us / 1000;
  const turns: [number, number][] = [];
  for (let i = 3; i + 1 < row.length; i += 2) turns.push([at(row[i] ?? 0), at(row[i + 1] ?? 0)]);
  const finished = row[2] ?? -1;
  return { index: row[0] ?? 0, turns, life: [at(row[1] ?? 0), finished < 0 ? null : at(finished)] };
}

const turnCount = (line: TasksLine): number =>
  line.tasks.reduce((sum, row) => sum + (row.length - 3) / 2, 0);

const loopDelayLineSchema = z.object({
  type: z.literal('loop-delay'),
  delay: loopDelaySchema,
  wholeRun: z.boolean().optional(),
});

/** A 'tasks' line as the RawTaskTrace the host reports, or null if it is not a valid one. */
export function taskTraceOfLine(line: unknown): RawTaskTrace | null {
  const parsed = tasksLineSchema.safeParse(line);
  // The cap holds over all tasks together, as the script keeps it.
  if (!parsed.success || turnCount(parsed.data) > MAX_TASK_TURNS) return null;
  const { runtime, pid, tid, baseMs, tasks, taskTotal, taskSwitches, truncated } = parsed.data;
  const raw = tasks.map((row) => taskOfRow(row, baseMs));
  return { runtime, pid, tid, tasks: raw, taskTotal, taskSwitches, truncated };
}

/** A 'loop-delay' line's delay (and whether it covers the whole run), or null if invalid. */
export function loopDelayOfLine(line: unknown): { delay: LoopDelay; wholeRun: boolean } | null {
  const parsed = loopDelayLineSchema.safeParse(line);
  return parsed.success
    ? { delay: parsed.data.delay, wholeRun: parsed.data.wholeRun ?? false }
    : null;
}
