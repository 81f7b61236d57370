import { fork, type ChildProcess, type StdioOptions } from 'node:child_process';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { resolveEntry } from '../../paths';
import { isControlMessage, type PeerConfig, type PeerMessage } from '../protocol/peer-protocol';
import type { WorkerConfig, WorkerData } from '../protocol/ipc-worker-protocol';

/** A peer process as the runner sees it. */
export interface Peer {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the peer says it is ready (its end of the channel is open). */
  readonly ready: Promise<void>;
  /** Resolves with the peer's 'done' report; rejects if it fails or exits first. */
  readonly done: Promise<Extract<PeerMessage, { type: 'done' }>>;
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
  /** Tells the peer to start producing. */
  go(): void;
  /** Ends the peer at once (SIGKILL) and waits for it to be gone. */
  kill(): Promise<void>;
}

/**
 * Starts an IPC peer process ('ipc-peer' entry) with its job; with `cpu`, the peer pins its
 * main thread to that CPU before it opens its channel.
 */
export function startPeer(
  config: PeerConfig,
  options: { stdio?: StdioOptions; serialization?: 'json' | 'advanced'; cpu?: number } = {},
): Peer {
  const entry = resolveEntry('ipc-peer');
  const args = [JSON.stringify(config)];
  if (options.cpu !== undefined) args.push(String(options.cpu));
  const child = fork(entry.file, args, {
    execArgv: entry.execArgv,
    stdio: options.stdio ?? ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: options.serialization ?? 'json',
  });
  if (child.pid === undefined) throw new Error('could not start an IPC peer process');
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  const done = new Promise<Extract<PeerMessage, { type: 'done' }>>((resolve, reject) => {
    child.on('message', (message: unknown) => {
      if (!isControlMessage(message)) return;
      if (message.type === 'ready') markReady();
      else if (message.type === 'done') resolve(message);
      else if (message.type === 'failed') {
        const error = new Error(`peer ${pid}: ${message.error}`);
        failReady(error);
        reject(error);
      }
    });
    // 'close', not 'exit': a peer sends 'done' and exits at once, and its exit can be seen
    // before that last message is read; 'close' comes after its channel and stdio have ended.
    child.once('close', () => {
      const error = new Error(`peer ${pid} exited (${child.exitCode ?? child.signalCode})`);
      failReady(error);
      reject(error);
    });
  });
  // Callers may never await these when a run is stopped early.
  ready.catch(() => undefined);
  done.catch(() => undefined);
  return {
    child,
    pid,
    ready,
    done,
    exited,
    go: () => {
      if (child.connected) child.send({ type: 'go' });
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A worker thread of the IPC lab as the runner sees it. */
export interface LabWorker {
  readonly worker: Worker;
  /** Resolves once the thread has ended. */
  readonly exited: Promise<number>;
  /** Ends the thread at once (also when it is blocked in Atomics.wait). */
  terminate(): Promise<void>;
}

/**
 * Starts an 'ipc-worker' thread; with `cpu`, the thread pins itself to that CPU first. Worker
 * threads do not get `--import` hooks on Node 20 (and a .ts file name sends them to the ES module
 * loader), so from source a tiny CommonJS bootstrap registers tsx's require hook and then
 * requires the entry.
 */
export function startWorker(
  config: WorkerConfig,
  { cpu, ...options }: WorkerOptions & { cpu?: number } = {},
): LabWorker {
  const entry = resolveEntry('ipc-worker', 'thread');
  const data: WorkerData = cpu === undefined ? { job: config } : { job: config, cpu };
  const worker = new Worker(entry.file, {
    ...options,
    execArgv: entry.execArgv,
    workerData: data,
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  // An error also ends the thread (exit follows); the runner reads it from the 'error' event.
  worker.on('error', () => undefined);
  return {
    worker,
    exited,
    terminate: async () => {
      await worker.terminate();
      await exited;
    },
  };
}

/** Ends every peer and thread, waiting until all are gone. */
export async function endAll(peers: Peer[], workers: LabWorker[] = []): Promise<void> {
  await Promise.all([...peers.map((peer) => peer.kill()), ...workers.map((w) => w.terminate())]);
}
