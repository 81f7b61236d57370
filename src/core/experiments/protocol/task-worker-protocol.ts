import type { LoopDelay } from '../../../shared/task-lanes';
import type { PackedTaskTrace } from './packed-task-trace';
import type { WorkloadConfig } from '../tasks/workloads';

/**
 * Messages between the experiment host and its task workers (worker threads or child
 * processes run the same code: entries/experiment-worker.ts).
 */

/** Resource use a child process reports just before it exits (its own, from getrusage). */
export interface UsageReport {
  voluntaryCtxSwitches: number;
  involuntaryCtxSwitches: number;
  maxRssBytes: number;
}

/**
 * What a worker runs: a pool worker takes tasks one by one; a loop runs them all itself. An
 * async loop may trace its tasks' turns and watch its event loop's delay.
 */
export type WorkerMode =
  | { kind: 'pool' }
  | { kind: 'loop'; tasks: number; concurrency: number; traceTasks?: boolean; loopDelay?: boolean };

/** Host → worker. */
export type ToWorker =
  | {
      type: 'init';
      name: string;
      config: WorkloadConfig;
      mode: WorkerMode;
      crashAtTask: number | null;
      /** Name libuv's pool threads after the first file read (child processes only). */
      nameLibuvPool: boolean;
    }
  | { type: 'task'; index: number }
  /** Starts a loop worker's loop (sent once the host has started its clock). */
  | { type: 'run-loop' }
  | { type: 'close' };

/** Worker → host. */
export type FromWorker =
  | { type: 'ready'; pid: number; tid: number | null }
  | { type: 'done'; index: number; result: number }
  | { type: 'progress'; done: number }
  | { type: 'loop-done'; checksum: number; done: number }
  /** An async loop's tasks, once, just before 'loop-done' (threads only: the buffer moves). */
  | { type: 'tasks'; packed: PackedTaskTrace }
  /** An async loop's event-loop delay: since the last report, or (`wholeRun`) over the loop. */
  | { type: 'loop-delay'; delay: LoopDelay; wholeRun: boolean }
  | { type: 'usage'; usage: UsageReport }
  | { type: 'libuv-pool'; threads: number }
  | { type: 'error'; message: string };

/** Exit code of a worker thread that crashes on purpose (crashAtTask). */
export const CRASH_EXIT_CODE = 70;
