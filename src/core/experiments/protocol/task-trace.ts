import type { TaskRuntime } from '../../../shared/task-lanes';

/**
 * An async model's tasks as its process reports them (Node's async loop thread, or the Python
 * script's `tasks` line): one entry per task, times in ms on CLOCK_MONOTONIC, which the lab's
 * lane sampler turns into ms from the run's slice 0 and groups into at most MAX_TASK_LANES.
 */
export interface RawTaskTrace {
  runtime: TaskRuntime;
  /** The process and thread the tasks ran on (null where unknown). */
  pid: number;
  tid: number | null;
  tasks: RawTask[];
  /** Tasks in the run (tasks beyond what was kept are counted here). */
  taskTotal: number;
  /** Switches from one task to another, counted in user space. */
  taskSwitches: number;
  /** Turns beyond MAX_TASK_TURNS were dropped. */
  truncated: boolean;
}

/** One task as reported: when it ran, on CLOCK_MONOTONIC ms. */
export interface RawTask {
  /** Its index in the run, from 0. */
  index: number;
  turns: [number, number][];
  /** [created, finished]; finished null if it never finished. */
  life: [number, number | null];
}
