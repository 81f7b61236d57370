import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { resolveEntry } from '../../paths';
import { tiedForkOptions } from '../../tied-spawn';
import type { FromWorker, ToWorker } from '../protocol/task-worker-protocol';

/**
 * One handle over a task worker, whether it is a worker thread or a child process, so every
 * pool and per-task model is written once.
 */

/** How a task worker ended: a thread has an exit code; a process an exit code or a signal. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The uncaught error that ended a thread, if any. */
  error?: string;
}

/** A started task worker. */
export interface TaskWorker {
  readonly name: string;
  readonly kind: 'thread' | 'process';
  /** The process it lives in (the host's own pid for threads). */
  readonly pid: number;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Resolves once the worker has ended and, for a process, has been reaped. */
  readonly exited: Promise<WorkerExit>;
  kill(): void;
}

/** Starts a worker thread running worker-entry.ts. */
export function startThreadWorker(name: string): TaskWorker {
  const entry = resolveEntry('experiment-worker', 'thread');
  const worker = new Worker(entry.file, { execArgv: entry.execArgv, name });
  const exited = new Promise<WorkerExit>((resolve) => {
    let error: Error | null = null;
    worker.on('error', (e) => {
      error = e;
    });
    worker.on('exit', (code) =>
      resolve({ code: error !== null && code === 0 ? 1 : code, signal: null }),
    );
  });
  return {
    name,
    kind: 'thread',
    pid: process.pid,
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    exited,
    kill: () => void worker.terminate(),
  };
}

/** Starts a child process running worker-entry.ts, in the host's process group. */
export function startProcessWorker(name: string): TaskWorker {
  const entry = resolveEntry('experiment-worker');
  // Tied from its start: its own watch on the host begins only once its code is loaded.
  const child: ChildProcess = fork(entry.file, [], {
    ...tiedForkOptions(entry.execArgv),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start process ${name}`);
  const exited = new Promise<WorkerExit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: null, signal: null }));
  });
  return {
    name,
    kind: 'process',
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}

/** Describes how a worker ended, for a failed run's message. */
export function describeExit(name: string, pid: number, exit: WorkerExit): string {
  if (exit.signal !== null) return `worker ${name} (pid ${pid}) was killed by ${exit.signal}`;
  const why = exit.error === undefined ? '' : `: ${exit.error}`;
  return `worker ${name} (pid ${pid}) exited with code ${String(exit.code)}${why}`;
}
