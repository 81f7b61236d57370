import { labError } from '../../../shared/lab-messages';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { startEntry } from '../../os/spawn';
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
  const args = [JSON.stringify(config)];
  if (options.cpu !== undefined) args.push(String(options.cpu));
  const started = startEntry('ipc-peer', {
    kind: 'process',
    args,
    stdio: options.stdio ?? ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: options.serialization ?? 'json',
  });
  const child = started.child;
  if (child === null) throw labError('peerNotStarted');
  const pid = started.pid;
  const exited = started.exited.then(() => undefined);
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
        const error = labError('peerFailed', { pid, error: message.error });
        failReady(error);
        reject(error);
      }
    });
    // 'close', not 'exit': a peer sends 'done' and exits at once, and its exit can be seen
    // before that last message is read; 'close' comes after its channel and stdio have ended.
    child.once('close', () => {
      const error = labError('peerExited', {
        pid,
        how: String(child.exitCode ?? child.signalCode),
      });
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
    go: () => started.send({ type: 'go' }),
    kill: async () => {
      started.kill('SIGKILL');
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
 * Starts an 'ipc-worker' thread through the OS layer's startEntry; with `cpu`, the thread pins
 * itself to that CPU first.
 */
export function startWorker(
  config: WorkerConfig,
  options: Pick<WorkerOptions, 'transferList' | 'name'> & { cpu?: number } = {},
): LabWorker {
  const { cpu, transferList, name } = options;
  const data: WorkerData = cpu === undefined ? { job: config } : { job: config, cpu };
  // startEntry listens for the thread's 'error' (an error also ends it; exit follows); the
  // runner reads the error itself from the worker's 'error' event where it needs it.
  const started = startEntry('ipc-worker', {
    kind: 'thread',
    workerData: data,
    transferList,
    ...(name === undefined ? {} : { name }),
  });
  const worker = started.worker;
  if (worker === null) throw new Error('could not start an IPC worker thread');
  const exited = started.exited.then((exit) => exit.code ?? 1);
  return {
    worker,
    exited,
    terminate: async () => {
      started.kill();
      await exited;
    },
  };
}

/** Ends every peer and thread, waiting until all are gone. */
export async function endAll(peers: Peer[], workers: LabWorker[] = []): Promise<void> {
  await Promise.all([...peers.map((peer) => peer.kill()), ...workers.map((w) => w.terminate())]);
}
