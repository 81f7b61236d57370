import type { IpcRunRequest } from '../../../shared/ipc-requests';
import type { RunCores } from '../jobs/placement';
import type { TrafficMeter } from '../wire/traffic-meter';

/** What a mechanism gets to run one measurement. */
export interface RunContext {
  request: IpcRunRequest;
  /** True for the baseline: the same channel, bare payloads, no framing or checks. */
  raw: boolean;
  meter: TrafficMeter;
  signal: AbortSignal;
  /** The CPUs to pin the receiving and sending ends to (empty: the scheduler decides). */
  cores: RunCores;
  /** The run's private temp dir (mode 0700), created on first use, removed after the run. */
  tempDir(): Promise<string>;
  /** Reports processes taking part (the runner reports them for the process view). */
  addPids(pids: number[]): void;
  /** Reports worker threads taking part. */
  addThreads(count: number): void;
  /** Records what the kernel gave for the channel, when it differs from its name. */
  setKernelObject(what: string): void;
}

/** Runs one mechanism once: set up, tell producers to go, wait for the end, tear down. */
export type MechanismRun = (context: RunContext) => Promise<void>;

/** The error a stopped run rejects with. */
export class RunStopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'RunStopped';
  }
}

/** Resolves like `promise`, or rejects with RunStopped as soon as `signal` aborts. */
export function unlessStopped<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  if (signal.aborted) {
    // Nobody else awaits `promise`: its later rejection (a peer killed by the stop) must not
    // crash the runner as an unhandled one.
    promise.catch(() => undefined);
    return Promise.reject(new RunStopped());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new RunStopped());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A promise with its resolve and reject (Promise.withResolvers is Node 22+). */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
