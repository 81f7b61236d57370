import { startEntry, type EntryExit, type StartedEntry } from '../../os/spawn';
import type { FromWorker, ToWorker } from '../protocol/task-worker-protocol';

/**
 * One handle over a task worker, whether it is a worker thread or a child process, so every
 * pool and per-task model is written once.
 */

/** How a task worker ended: a thread has an exit code; a process an exit code or a signal. */
export type WorkerExit = EntryExit;

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

/** Starts a worker thread running the 'experiment-worker' entry. */
export function startThreadWorker(name: string): TaskWorker {
  return asTaskWorker(name, startEntry('experiment-worker', { kind: 'thread', name }));
}

/**
 * Starts a child process running the 'experiment-worker' entry, in the host's process group.
 * Tied from its start (SIGKILL when the host dies): its own watch on the host begins only once
 * its code is loaded.
 */
export function startProcessWorker(name: string): TaskWorker {
  return asTaskWorker(
    name,
    startEntry('experiment-worker', {
      kind: 'process',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      tied: true,
    }),
  );
}

function asTaskWorker(name: string, started: StartedEntry): TaskWorker {
  return {
    name,
    kind: started.kind,
    pid: started.pid,
    send: (message) => started.send(message),
    onMessage: (listener) => started.onMessage((message) => listener(message as FromWorker)),
    exited: started.exited,
    kill: () => started.kill('SIGKILL'),
  };
}

/** Describes how a worker ended, for a failed run's message. */
export function describeExit(name: string, pid: number, exit: WorkerExit): string {
  if (exit.signal !== null) return `worker ${name} (pid ${pid}) was killed by ${exit.signal}`;
  const why = exit.error === undefined ? '' : `: ${exit.error}`;
  return `worker ${name} (pid ${pid}) exited with code ${String(exit.code)}${why}`;
}
