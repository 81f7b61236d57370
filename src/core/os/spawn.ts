import { fork, type ChildProcess, type StdioOptions } from 'node:child_process';
import { Worker, type ResourceLimits, type WorkerOptions } from 'node:worker_threads';
import { resolveEntry, type EntryPointName } from '../paths';
import { killGroup } from './process-tree';
import { tiedForkOptions } from './tied';

/**
 * One way to start an entry point (see entry-points.ts) as a child process or a worker thread
 * and end it, with one exit promise, so every feature starts and kills its children alike.
 */

/** How a started entry ended. */
export interface EntryExit {
  /** Exit code; null when a process was ended by a signal. */
  code: number | null;
  /**
   * The signal that ended it. A thread cannot get a signal of its own: when kill() ends a
   * thread, this is the signal kill() was given, so a caller describes both kinds alike.
   */
  signal: NodeJS.Signals | null;
  /** Why it ended, when it failed to start or a thread threw an uncaught error. */
  error?: string;
}

/** How to start an entry. */
export interface StartOptions {
  kind: 'process' | 'thread';
  /** process.argv after the entry's file. */
  args?: string[];
  /** Its environment (process.env unless given). */
  env?: NodeJS.ProcessEnv;
  /** Process only: stdio (default: stdin ignored, stdout and stderr shared, an IPC channel). */
  stdio?: StdioOptions;
  /** Process only: 'advanced' lets messages carry typed arrays, Maps and the like. */
  serialization?: 'json' | 'advanced';
  /** Process only: lead a new process group, so kill() reaches every descendant in it. */
  detached?: boolean;
  /** Process only: the kernel kills it (SIGKILL) when this process dies (Linux, setpriv). */
  tied?: boolean;
  /** Thread only: its workerData. */
  workerData?: unknown;
  /** Thread only: what workerData moves rather than copies (MessagePorts, ArrayBuffers). */
  transferList?: WorkerOptions['transferList'];
  /** Thread only: its name in the inspector and in errors. */
  name?: string;
  /** Thread only: heap limits. */
  resourceLimits?: ResourceLimits;
}

/** A started entry. */
export interface StartedEntry {
  readonly kind: 'process' | 'thread';
  /** The process it runs in: the child's pid, or this process's own for a thread. */
  readonly pid: number;
  /** Resolves once it has ended (for a process: exited and reaped); never rejects. */
  readonly exited: Promise<EntryExit>;
  /** True once it has ended. */
  readonly hasExited: boolean;
  /**
   * Ends it (SIGKILL unless told; a detached process's whole group). A thread is terminated
   * whatever the signal, even when blocked in Atomics.wait. A no-op once it has ended.
   */
  kill(signal?: NodeJS.Signals): void;
  /** Sends a message over its channel; dropped once it has ended. */
  send(message: unknown): void;
  /** Listens for its messages. */
  onMessage(listener: (message: unknown) => void): void;
  /** The underlying handle, for what the common surface leaves out (stderr, transfer lists). */
  readonly child: ChildProcess | null;
  readonly worker: Worker | null;
}

/** Starts entry point `name` as a process (fork) or a worker thread. */
export function startEntry(name: EntryPointName, options: StartOptions): StartedEntry {
  return options.kind === 'thread' ? startThread(name, options) : startProcess(name, options);
}

function startProcess(name: EntryPointName, options: StartOptions): StartedEntry {
  const entry = resolveEntry(name, 'process');
  const child = fork(entry.file, options.args ?? [], {
    ...(options.tied ? tiedForkOptions(entry.execArgv) : { execArgv: entry.execArgv }),
    env: options.env ?? process.env,
    stdio: options.stdio ?? ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: options.serialization ?? 'json',
    detached: options.detached ?? false,
  });
  let ended = false;
  const exited = new Promise<EntryExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A failed start emits 'error' and no 'exit'. Always listened to: a failed send or kill
    // also emits 'error', which would otherwise throw.
    child.on('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error: error.message });
    });
  }).then((exit) => {
    ended = true;
    return exit;
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} as a process`);
  const pid = child.pid;
  return {
    kind: 'process',
    pid,
    exited,
    get hasExited() {
      return ended || child.exitCode !== null || child.signalCode !== null;
    },
    kill(signal = 'SIGKILL') {
      if (ended || child.exitCode !== null || child.signalCode !== null) return;
      if (options.detached) killGroup(pid, signal);
      else child.kill(signal);
    },
    send(message) {
      if (child.connected) child.send(message as object);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    child,
    worker: null,
  };
}

function startThread(name: EntryPointName, options: StartOptions): StartedEntry {
  const entry = resolveEntry(name, 'thread');
  const worker = new Worker(entry.file, {
    execArgv: entry.execArgv,
    argv: options.args ?? [],
    env: options.env ?? process.env,
    workerData: options.workerData,
    transferList: options.transferList,
    name: options.name ?? name,
    resourceLimits: options.resourceLimits,
  });
  let ended = false;
  let killedBy: NodeJS.Signals | null = null;
  let error: string | undefined;
  // An uncaught error ends the thread ('exit' follows); kept for the exit's description.
  worker.on('error', (e) => {
    error = e.message;
  });
  const exited = new Promise<EntryExit>((resolve) => {
    worker.once('exit', (code) => {
      ended = true;
      const failed = error !== undefined && code === 0 ? 1 : code;
      resolve({ code: failed, signal: killedBy, ...(error === undefined ? {} : { error }) });
    });
  });
  return {
    kind: 'thread',
    pid: process.pid,
    exited,
    get hasExited() {
      return ended;
    },
    kill(signal = 'SIGKILL') {
      if (ended) return;
      killedBy ??= signal;
      void worker.terminate();
    },
    send(message) {
      if (!ended) worker.postMessage(message);
    },
    onMessage(listener) {
      worker.on('message', listener);
    },
    child: null,
    worker,
  };
}
