import type { LoopDelay } from '../../../shared/task-lanes';
import type { UsageReport } from '../protocol/task-worker-protocol';
import type { RawTaskTrace } from '../protocol/task-trace';
import { unpackTaskTrace } from '../protocol/packed-task-trace';
import { describeExit, type TaskWorker, type WorkerExit } from './task-workers';
import type { WorkerMode } from '../protocol/task-worker-protocol';
import type { WorkloadConfig } from '../tasks/workloads';

/** What a model tells the host as it runs (Node and Python models alike). */
export interface ModelReporter {
  workerSpawned(info: { name: string; pid: number; tid: number | null }): void;
  workerExited(info: { name: string; pid: number } & WorkerExit): void;
  /** A child process's own resource use, reported just before it exits. */
  usage(report: UsageReport): void;
  /** libuv's pool threads of one process were named; how many. */
  libuvPool(threads: number): void;
  /** A worker has done `done` tasks in all. */
  progress(worker: string, done: number): void;
  /** A worker finished one more task. */
  taskDone(worker: string): void;
  /**
   * Measure from now: the sequential and async loops run in a thread of the lab's own whose
   * start-up is not part of the model, so their clock starts when that thread is ready.
   */
  measureFrom(): void;
  /**
   * Python threads' turns holding the GIL, from their heartbeats: [start, end] ms on
   * CLOCK_MONOTONIC per worker name.
   */
  turns?(byWorker: Record<string, [number, number][]>): void;
  /** An async model's tasks and their turns on its one thread (times on CLOCK_MONOTONIC). */
  tasks?(trace: RawTaskTrace): void;
  /**
   * An async model's event-loop delay since its last report, about once a second; with
   * `wholeRun`, once at the end, over the whole loop (without it, the lab combines the intervals).
   */
  loopDelay?(delay: LoopDelay, wholeRun?: boolean): void;
}

/** Settings every worker of a run gets. */
export interface SessionSettings {
  config: WorkloadConfig;
  crashAtTask: number | null;
}

/**
 * Talks to one task worker: one task in flight at a time, or one whole loop. Every promise it
 * hands out rejects with a readable reason if the worker dies, so a crash fails the run
 * instead of hanging it.
 */
export class WorkerSession {
  /** Resolves when the worker has named itself and waits for work. */
  readonly ready: Promise<void>;
  private pending: { resolve: (result: number) => void; reject: (e: Error) => void } | null = null;
  private loop: { resolve: (checksum: number) => void; reject: (e: Error) => void } | null = null;
  private closing = false;
  private failure: Error | null = null;

  constructor(
    readonly worker: TaskWorker,
    settings: SessionSettings,
    mode: WorkerMode,
    listener: ModelReporter,
  ) {
    let markReady: () => void = () => undefined;
    let failReady: (e: Error) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined); // observed through fail() by whoever awaits it
    worker.onMessage((message) => {
      switch (message.type) {
        case 'ready':
          listener.workerSpawned({ name: worker.name, pid: worker.pid, tid: message.tid });
          markReady();
          return;
        case 'done':
          this.settleTask(message.result);
          return;
        case 'progress':
          listener.progress(worker.name, message.done);
          return;
        case 'loop-done':
          listener.progress(worker.name, message.done);
          this.loop?.resolve(message.checksum);
          return;
        case 'usage':
          listener.usage(message.usage);
          return;
        case 'tasks':
          listener.tasks?.(unpackTaskTrace(message.packed));
          return;
        case 'loop-delay':
          listener.loopDelay?.(message.delay, message.wholeRun);
          return;
        case 'libuv-pool':
          listener.libuvPool(message.threads);
          return;
        case 'error':
          this.fail(new Error(`worker ${worker.name}: ${message.message}`));
          return;
      }
    });
    void worker.exited.then((exit) => {
      listener.workerExited({ name: worker.name, pid: worker.pid, ...exit });
      const clean = exit.code === 0 && exit.signal === null;
      if (!this.closing || !clean)
        this.fail(new Error(describeExit(worker.name, worker.pid, exit)));
      failReady(this.failure ?? new Error(`worker ${worker.name} ended`));
    });
    worker.send({
      type: 'init',
      name: worker.name,
      config: settings.config,
      mode,
      crashAtTask: settings.crashAtTask,
      nameLibuvPool: worker.kind === 'process',
    });
  }

  /** Runs one task; resolves with its result. */
  async runTask(index: number): Promise<number> {
    await this.ready;
    if (this.failure !== null) throw this.failure;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.send({ type: 'task', index });
    });
  }

  /** Waits for a loop worker to finish; resolves with the loop's checksum. */
  async loopChecksum(): Promise<number> {
    await this.ready;
    if (this.failure !== null) throw this.failure;
    return new Promise((resolve, reject) => {
      this.loop = { resolve, reject };
      this.worker.send({ type: 'run-loop' });
    });
  }

  /** Asks the worker to exit and waits until it has; rejects if it ended badly. */
  async close(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.closing = true;
    this.worker.send({ type: 'close' });
    await this.worker.exited;
    if (this.failure !== null) throw this.failure;
  }

  private settleTask(result: number): void {
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(result);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    const loop = this.loop;
    this.pending = null;
    this.loop = null;
    pending?.reject(this.failure);
    loop?.reject(this.failure);
  }
}
