/**
 * Tasks of an async run (Node's event loop, asyncio, gevent): coroutines or greenlets that take
 * turns on one thread. Each task's turns are when it held the thread; between them it was
 * suspended at an `await` or a switch. A result keeps them beside the kernel's lane of that
 * thread, so a learner sees many tasks switch while the thread itself barely does.
 *
 * No zod here: task workers import these limits, and zod alone took ~80 ms of every worker's
 * start (inside a pool run's wall time). The schemas are in task-lanes-schema.ts.
 */

/** Which user-space scheduler ran the tasks. */
export const TASK_RUNTIMES = ['node-event-loop', 'asyncio', 'gevent'] as const;
/** Which user-space scheduler ran the tasks. */
export type TaskRuntime = (typeof TASK_RUNTIMES)[number];

/** Most task lanes a result shows one by one; with more tasks, lanes stand for groups. */
export const MAX_TASK_LANES = 64;
/** Most turns a run keeps over all its tasks; later turns are dropped and the trace says so. */
export const MAX_TASK_TURNS = 50_000;
/** Most tasks a run keeps one by one inside its group lanes, so a group can be opened. */
export const MAX_EXPANDABLE_TASKS = 4096;

/** One task, or a group of consecutive tasks: when it held its thread. */
export interface TaskLane {
  /** 'task 7', or 'tasks 1–16' for a group. */
  name: string;
  /** How many tasks this lane stands for: 1, or the group's size. */
  taskCount: number;
  /**
   * [start, end] ms from the run's slice 0 while it (or one of its group) ran on the thread;
   * sorted and never overlapping. The gaps are the time it was suspended.
   */
  turns: [number, number][];
  /** [created, finished] ms from slice 0; finished is null if it never finished. */
  life: [number, number | null];
  /**
   * A group's own tasks, one lane each, so the group can be opened (runs of at most
   * MAX_EXPANDABLE_TASKS tasks); absent for a single task and for larger runs.
   */
  members?: TaskLane[];
}

/** The tasks of one async run, on their one thread. */
export interface TaskTrace {
  runtime: TaskRuntime;
  /** The lane (`${pid}:${tid}`) of the thread they ran on, or null if it was not found. */
  threadLaneId: string | null;
  lanes: TaskLane[];
  /** Tasks in the run (more than `lanes` when lanes stand for groups). */
  taskTotal: number;
  /** Switches from one task to another: done in user space, with no kernel context switch. */
  taskSwitches: number;
  /** True when turns beyond MAX_TASK_TURNS were dropped: the lanes end early. */
  truncated: boolean;
}

/** Event-loop delay: how much later than due the loop got round to a timer, over an interval. */
export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How many measurements these come from. */
  count: number;
}
