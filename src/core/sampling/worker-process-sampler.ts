import { startEntry, type StartedEntry } from '../os/spawn';
import {
  LINUX_CAPABILITIES,
  LinuxProcessSampler,
  type LinuxProcessSamplerOptions,
} from './linux-processes';
import type {
  FromSamplerWorker,
  SamplerWorkerData,
  SamplerWorkerResults,
  ToSamplerWorker,
} from './sampler-worker-protocol';
import type { ProcessSampler, ProcessTableTick, SampleMarks } from './sampler-types';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The Linux process sampler running in a worker thread (sampler-worker.ts). Each call is a
 * message; answers carry only what changed. If the worker dies, pending calls reject with the
 * reason and the next call starts a new worker. If it cannot start at all (it never answered),
 * sampling goes on in this thread rather than not at all, and says so once.
 */
export class WorkerProcessSampler implements ProcessSampler {
  readonly capabilities = LINUX_CAPABILITIES;
  private worker: StartedEntry | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private answered = false;
  private fallback: LinuxProcessSampler | null = null;

  constructor(private readonly options: LinuxProcessSamplerOptions = {}) {}

  /** The worker's thread id, while one runs (tests check it is another thread). */
  get threadId(): number | null {
    return this.worker?.worker?.threadId ?? null;
  }

  /** One tick, read in the worker. */
  sample(marks: SampleMarks): Promise<ProcessTableTick> {
    if (this.fallback !== null && !this.closed) return this.fallback.sample(marks);
    return this.request('sample', {
      watchedPids: [...marks.watchedPids],
      trackedBy: [...marks.trackedBy],
    });
  }

  /** Finds one process, in the worker. */
  lookup(pid: number): Promise<{ key: string; name: string } | null> {
    if (this.fallback !== null && !this.closed) return this.fallback.lookup(pid);
    return this.request('lookup', { pid });
  }

  /** Closes the worker's files and ends it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fallback?.close();
    const worker = this.worker;
    if (worker === null) return;
    await Promise.race([
      this.request('close', {}, true).catch(() => null),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
    worker.kill();
    await worker.exited;
    this.worker = null;
  }

  private request<T extends keyof SamplerWorkerResults>(
    type: T,
    body: Omit<Extract<ToSamplerWorker, { type: T }>, 'id' | 'type'>,
    evenIfClosed = false,
  ): Promise<SamplerWorkerResults[T]> {
    if (this.closed && !evenIfClosed) return Promise.reject(new Error('sampler is closed'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.send({ id, type, ...body } as ToSamplerWorker);
    });
  }

  private start(): StartedEntry {
    if (this.worker !== null) return this.worker;
    const workerData: SamplerWorkerData = { options: this.options };
    const worker = startEntry('sampler-worker', { kind: 'thread', name: 'sampler', workerData });
    worker.worker?.unref(); // never keeps the backend alive on its own
    worker.onMessage((raw) => {
      const message = raw as FromSamplerWorker;
      this.answered = true;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (waiting === undefined) return;
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(new Error(message.error));
    });
    const fail = (reason: string): void => {
      if (this.worker === worker) this.worker = null;
      if (!this.answered && this.fallback === null && !this.closed) {
        console.warn(`[sampling] ${reason}; sampling processes in the main thread instead`);
        this.fallback = new LinuxProcessSampler(this.options);
      }
      for (const waiting of this.pending.values()) waiting.reject(new Error(reason));
      this.pending.clear();
    };
    void worker.exited.then((exit) =>
      fail(
        exit.error === undefined
          ? `sampler worker exited (code ${exit.code})`
          : `sampler worker failed: ${exit.error}`,
      ),
    );
    this.worker = worker;
    return worker;
  }
}
