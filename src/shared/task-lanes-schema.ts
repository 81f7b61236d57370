import { z } from 'zod';
import { MAX_EXPANDABLE_TASKS, MAX_TASK_LANES, MAX_TASK_TURNS, TASK_RUNTIMES } from './task-lanes';

/** The schemas of task-lanes.ts's shapes, apart so the task workers never load zod. */

const ms = z.number().min(-1e7).max(1e9);

/** The schema of a LoopDelay. */
export const loopDelaySchema = z.object({
  p50Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  count: z.number().int().nonnegative(),
});

const laneSchema = z.object({
  name: z.string().max(64),
  taskCount: z.number().int().positive(),
  turns: z.array(z.tuple([ms, ms])).max(MAX_TASK_TURNS),
  life: z.tuple([ms, ms.nullable()]),
});

/** The schema of a kept TaskTrace (recordings are checked against it when read). */
export const taskTraceSchema = z
  .object({
    runtime: z.enum(TASK_RUNTIMES),
    threadLaneId: z.string().max(40).nullable(),
    lanes: z
      .array(
        laneSchema.extend({ members: z.array(laneSchema).max(MAX_EXPANDABLE_TASKS).optional() }),
      )
      .max(MAX_TASK_LANES),
    taskTotal: z.number().int().nonnegative(),
    taskSwitches: z.number().int().nonnegative(),
    truncated: z.boolean(),
  })
  .loose();
