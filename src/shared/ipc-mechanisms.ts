/**
 * The IPC lab's vocabulary: the mechanisms, modes and placements a run can use, their labels, the
 * bounds of every numeric parameter and how sizes are shown. src/core/ipc implements them.
 */

/** Every IPC mechanism the lab can run, in the order the UI lists them. */
export const IPC_MECHANISMS = [
  'pipe',
  'python-pipe-bytes',
  'python-pipe-pickle',
  'fifo',
  'unix-socket',
  'python-socketpair',
  'tcp',
  'node-ipc-json',
  'node-ipc-advanced',
  'python-queue',
  'python-simple-queue',
  'python-manager-queue',
  'python-manager-dict',
  'message-port',
  'python-queue-threads',
  'shared-memory',
  'python-shared-memory',
  'signals',
] as const;
// Python rows sit right after the Node mechanism of the same kind, so lists and the compare
// table show them side by side.

/** One IPC mechanism's id. */
export type IpcMechanism = (typeof IPC_MECHANISMS)[number];

/** How each mechanism is shown: a short label and what it is underneath. */
export const IPC_MECHANISM_LABELS: Record<IpcMechanism, { label: string; what: string }> = {
  pipe: { label: 'Anonymous pipe', what: "child stdio ('pipe'), between two processes" },
  fifo: { label: 'Named pipe (FIFO)', what: 'mkfifo in a private temp dir, between two processes' },
  'unix-socket': { label: 'Unix domain socket', what: 'stream socket in a private temp dir' },
  tcp: { label: 'TCP loopback', what: 'stream socket on 127.0.0.1' },
  'node-ipc-json': {
    label: 'Message queue (JSON)',
    what: "Node IPC channel, process.send, 'json'",
  },
  'node-ipc-advanced': {
    label: 'Message queue (advanced)',
    what: "Node IPC channel, process.send, 'advanced' (structured clone)",
  },
  'message-port': { label: 'Worker MessagePort', what: 'postMessage between two threads' },
  'shared-memory': {
    label: 'Shared memory + semaphore',
    what: 'SharedArrayBuffer ring, Atomics wait/notify semaphores, between threads',
  },
  signals: { label: 'Signals', what: 'SIGUSR1 / SIGUSR2 between two processes (no payload)' },
  'python-pipe-bytes': {
    label: 'Python Pipe (send_bytes)',
    what: 'multiprocessing.Pipe Connection, send_bytes/recv_bytes, between two Python processes',
  },
  'python-pipe-pickle': {
    label: 'Python Pipe (pickle)',
    what: 'multiprocessing.Pipe Connection, pickled send/recv, between two Python processes',
  },
  'python-socketpair': {
    label: 'Python socketpair',
    what: 'socket.socketpair (AF_UNIX), sendall/recv_into, between two Python processes',
  },
  'python-queue': {
    label: 'Python multiprocessing.Queue',
    what: 'put/get through its feeder thread and pipe, between two Python processes',
  },
  'python-simple-queue': {
    label: 'Python SimpleQueue',
    what: 'multiprocessing.SimpleQueue (pipe and lock, no feeder thread), two Python processes',
  },
  'python-manager-queue': {
    label: 'Python Manager().Queue()',
    what: "a proxy: every put and get is a round trip through the manager's server process",
  },
  'python-manager-dict': {
    label: 'Python Manager().dict()',
    what: "a dict proxy used as a mailbox (set, then pop) through the manager's server process",
  },
  'python-queue-threads': {
    label: 'Python queue.Queue (threads)',
    what: 'queue.Queue between two threads of one Python process',
  },
  'python-shared-memory': {
    label: 'Python SharedMemory + semaphores',
    what: 'multiprocessing.shared_memory ring, two semaphores, between two Python processes',
  },
};

/** Throughput: producers send as fast as allowed. Round trip: one message out, echoed back. */
export const IPC_MODES = ['throughput', 'round-trip'] as const;

/** A run's mode. */
export type IpcMode = (typeof IPC_MODES)[number];

/**
 * Where a run's ends execute: wherever the scheduler puts them, all on one core, or the
 * receiving end on one core and the sending end on another.
 */
export const IPC_PLACEMENTS = ['any', 'same-core', 'split-cores'] as const;

/** A run's placement. */
export type IpcPlacement = (typeof IPC_PLACEMENTS)[number];

/** How each placement is shown. */
export const IPC_PLACEMENT_LABELS: Record<IpcPlacement, string> = {
  any: 'any core (scheduler decides)',
  'same-core': 'both ends on one core',
  'split-cores': 'ends on two cores',
};

const MiB = 1024 * 1024;

/** Bounds of every numeric IPC parameter (the schemas in ipc-requests.ts enforce them). */
export const IPC_LIMITS = {
  sizeBytes: { min: 64, max: 4 * MiB, default: 64 * 1024 },
  count: { min: 1, max: 10_000_000, default: 20_000 },
  durationMs: { min: 100, max: 60_000, default: 3_000 },
  ratePerSec: { min: 1, max: 10_000_000 },
  producers: { min: 1, max: 8, default: 1 },
  consumers: { min: 1, max: 8, default: 1 },
  capacity: { min: 1, max: 4096, default: 16 },
  workUs: { min: 0, max: 100_000 },
  raceWorkers: { min: 1, max: 8, default: 2 },
  raceIterations: { min: 1, max: 10_000_000, default: 200_000 },
  raceWindow: { min: 0, max: 1000, default: 20 },
  compareDurationMs: { min: 100, max: 5_000, default: 400 },
} as const;

/** "64 B", "64 KiB", "4 MiB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
