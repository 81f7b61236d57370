import type { LabMessage } from './lab-messages';
import { z } from 'zod';
import { boundedInt } from './validation';

/**
 * The IPC lab's part of the contract: mechanism names, parameter limits, request schemas and the
 * payloads of the `ipc:*` calls and streams. contract.ts names these; src/core/ipc implements them.
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

const placementSchema = z.enum(IPC_PLACEMENTS, {
  error: "placement must be 'any', 'same-core' or 'split-cores'",
});

const MiB = 1024 * 1024;

/** Bounds of every numeric IPC parameter (the schemas below enforce them). */
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

const L = IPC_LIMITS;

/** Message size in bytes: 64 B .. 4 MiB. */
export const ipcSizeSchema = boundedInt(
  'message size',
  L.sizeBytes.min,
  L.sizeBytes.max,
  formatBytes,
);

const countSchema = boundedInt('message count', L.count.min, L.count.max);
const durationSchema = boundedInt('duration (ms)', L.durationMs.min, L.durationMs.max);

const exactlyOneLimit = (value: { count?: number | undefined; durationMs?: number | undefined }) =>
  (value.count === undefined) !== (value.durationMs === undefined);
const exactlyOneLimitError = { error: 'give either a message count or a duration, not both' };

/** `ipc:start`: one mechanism, one mode, sized messages, a count or a duration. */
export const ipcRunRequestSchema = z
  .object({
    mechanism: z.enum(IPC_MECHANISMS, { error: 'unknown IPC mechanism' }),
    mode: z.enum(IPC_MODES, { error: "mode must be 'throughput' or 'round-trip'" }),
    sizeBytes: ipcSizeSchema,
    count: countSchema.optional(),
    durationMs: durationSchema.optional(),
    /** Target messages per second for all producers together; absent = as fast as possible. */
    ratePerSec: boundedInt('target rate (msgs/s)', L.ratePerSec.min, L.ratePerSec.max).optional(),
    producers: boundedInt('producers', L.producers.min, L.producers.max),
    /** Pins the ends to cores (Linux, taskset); absent = 'any'. */
    placement: placementSchema.optional(),
  })
  .strict()
  .refine(exactlyOneLimit, exactlyOneLimitError);

/** A validated `ipc:start` request. */
export type IpcRunRequest = z.infer<typeof ipcRunRequestSchema>;

/** Where a producer–consumer queue lives. */
export const PC_TRANSPORTS = ['shared-memory', 'message-port'] as const;

/** A producer–consumer queue's transport. */
export type PcTransport = (typeof PC_TRANSPORTS)[number];

/**
 * Python producer–consumer queues (resources/python/pc_demo.py): queue.Queue(maxsize=K) between
 * threads, multiprocessing.Queue and JoinableQueue between processes. They need the Python the
 * Experiments tab found.
 */
export const PYTHON_PC_TRANSPORTS = [
  'python-queue-threads',
  'python-mp-queue',
  'python-joinable-queue',
] as const;

/** A Python producer–consumer queue. */
export type PythonPcTransport = (typeof PYTHON_PC_TRANSPORTS)[number];

/** Every queue an `ipc:producer-consumer` run may use, Node's first. */
export const PC_QUEUES = [...PC_TRANSPORTS, ...PYTHON_PC_TRANSPORTS] as const;

/** Any producer–consumer queue, Node or Python. */
export type PcQueueKind = (typeof PC_QUEUES)[number];

/** Whether a producer–consumer queue is one of the Python ones. */
export function isPythonPcTransport(kind: PcQueueKind): kind is PythonPcTransport {
  return (PYTHON_PC_TRANSPORTS as readonly string[]).includes(kind);
}

/** `ipc:producer-consumer`: N producers, M consumers, a bounded queue of K items. */
export const pcRequestSchema = z
  .object({
    transport: z.enum(PC_QUEUES, {
      error: `transport must be one of ${PC_QUEUES.join(', ')}`,
    }),
    producers: boundedInt('producers', L.producers.min, L.producers.max),
    consumers: boundedInt('consumers', L.consumers.min, L.consumers.max),
    capacity: boundedInt('queue capacity', L.capacity.min, L.capacity.max),
    count: countSchema.optional(),
    durationMs: durationSchema.optional(),
    /** Time each producer spends making one item (sleeping), µs. */
    produceUs: boundedInt('produce time (µs)', L.workUs.min, L.workUs.max),
    /** Time each consumer spends on one item (sleeping), µs. */
    consumeUs: boundedInt('consume time (µs)', L.workUs.min, L.workUs.max),
  })
  .strict()
  .refine(exactlyOneLimit, exactlyOneLimitError);

/** A validated `ipc:producer-consumer` request. */
export type PcRequest = z.infer<typeof pcRequestSchema>;

/** How the race demo's workers update the shared counter. */
export const RACE_MODES = ['plain', 'atomic', 'mutex'] as const;

/** One race-demo update strategy. */
export type RaceMode = (typeof RACE_MODES)[number];

/**
 * The race demo in Python (resources/python/race_demo.py): `counter += 1` on a global from W
 * threads (default switch interval, then sys.setswitchinterval(1e-6) to provoke a switch), and
 * from W processes on a multiprocessing.Value without a lock, then with get_lock().
 */
export const PYTHON_RACE_MODES = [
  'py-threads',
  'py-threads-fast-switch',
  'py-processes',
  'py-processes-locked',
] as const;

/** One Python race-demo variant. */
export type PythonRaceMode = (typeof PYTHON_RACE_MODES)[number];

/** Any race-demo mode, Node or Python. */
export type AnyRaceMode = RaceMode | PythonRaceMode;

/** Whether a race mode runs in Python. */
export function isPythonRaceMode(mode: AnyRaceMode): mode is PythonRaceMode {
  return (PYTHON_RACE_MODES as readonly string[]).includes(mode);
}

/**
 * `ipc:race`: W workers each add 1 to one shared counter T times, in each chosen mode. Node modes
 * and Python modes may be mixed: the results list them in the order asked, one entry each.
 */
export const raceRequestSchema = z
  .object({
    workers: boundedInt('workers', L.raceWorkers.min, L.raceWorkers.max),
    iterations: boundedInt('iterations', L.raceIterations.min, L.raceIterations.max),
    /** Work done between reading and writing the counter (loop steps): widens the race window. */
    window: boundedInt('race window', L.raceWindow.min, L.raceWindow.max),
    modes: z
      .array(z.enum([...RACE_MODES, ...PYTHON_RACE_MODES], { error: 'unknown race mode' }))
      .min(1)
      .max(RACE_MODES.length + PYTHON_RACE_MODES.length),
  })
  .strict();

/** A validated `ipc:race` request. */
export type RaceRequest = z.infer<typeof raceRequestSchema>;

function duplicatesOf(list: readonly string[]): string[] {
  return [...new Set(list.filter((item, index) => list.indexOf(item) !== index))];
}

/** `ipc:compare`: every runnable mechanism at one size, against its same-run baseline. */
export const compareRequestSchema = z
  .object({
    sizeBytes: ipcSizeSchema,
    /** How long each of the four measurements per mechanism runs. */
    durationMs: boundedInt(
      'measurement duration (ms)',
      L.compareDurationMs.min,
      L.compareDurationMs.max,
    ),
    mechanisms: z
      .array(z.enum(IPC_MECHANISMS, { error: 'unknown IPC mechanism' }))
      .refine((list) => new Set(list).size === list.length, {
        // A mechanism listed twice would be measured twice and shown twice in one table.
        error: (issue) =>
          `each mechanism may be listed only once; ${duplicatesOf(issue.input as string[]).join(', ')} is listed more than once`,
      })
      .optional(),
    /** Pins every measurement's ends to cores (Linux, taskset); absent = 'any'. */
    placement: placementSchema.optional(),
  })
  .strict();

/** A validated `ipc:compare` request. */
export type CompareRequest = z.infer<typeof compareRequestSchema>;

/** Whether a mechanism can run on this machine, and why not. */
export interface IpcMechanismInfo {
  id: IpcMechanism;
  label: string;
  what: string;
  available: boolean;
  /** Why it cannot run here (only when unavailable). */
  reason?: string;
  /** What the kernel actually provides, when it differs from the name (e.g. child stdio). */
  note?: string;
}

/** Message integrity: every message carries a sequence number and a checksum. */
export interface IpcCorrectness {
  /** Messages the producers report sent (signals: signals sent). */
  sent: number;
  /** Messages that arrived intact. */
  received: number;
  /** Sent but never received (signals: coalesced by the kernel). */
  lost: number;
  duplicated: number;
  /** Arrived with a checksum that does not match. */
  corrupted: number;
}

/** Latency percentiles in microseconds, with a histogram for the chart. */
export interface LatencySummary {
  count: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
  meanUs: number;
  /** Buckets in ascending order; `upperUs` is the bucket's upper edge. */
  histogram: { upperUs: number; count: number }[];
}

/** Signals sent and delivered per signal: delivered < sent shows coalescing. */
export interface SignalCounts {
  sent: { SIGUSR1: number; SIGUSR2: number };
  delivered: { SIGUSR1: number; SIGUSR2: number };
}

/** One `ipc:traffic` tick: rates over the last interval, totals since the run started. */
export interface IpcTrafficSample {
  runId: string;
  mechanism: IpcMechanism;
  mode: IpcMode;
  /** Wall-clock time, ms since the epoch. */
  time: number;
  /** Since the producers were told to go, ms (monotonic). */
  elapsedMs: number;
  /** Length of the interval the rates cover, ms. */
  intervalMs: number;
  bytesPerSec: number;
  messagesPerSec: number;
  totalBytes: number;
  totalMessages: number;
  correctness: IpcCorrectness;
  /** Round-trip latency over the last interval (round-trip mode only). */
  latency: LatencySummary | null;
  signals: SignalCounts | null;
}

/** How a run ended. */
export type IpcRunStatus = 'completed' | 'stopped' | 'failed';

/** The outcome of one `ipc:start` run. */
export interface IpcRunResult {
  runId: string;
  request: IpcRunRequest;
  status: IpcRunStatus;
  /** Why it failed, or why the mechanism cannot run here. */
  error?: string;
  /** The same, as the lab said it (so the page words it in its language). */
  errorSaid?: LabMessage;
  elapsedMs: number;
  totalBytes: number;
  totalMessages: number;
  bytesPerSec: number;
  messagesPerSec: number;
  correctness: IpcCorrectness;
  /** Round-trip latency over the whole run (round-trip mode only). */
  latency: LatencySummary | null;
  signals: SignalCounts | null;
  /** Processes that took part (the runner first), for the process view. */
  pids: number[];
  /** Worker threads that took part. */
  threads: number;
  /** What the kernel gave for the channel, e.g. "socket" for Node's child stdio. */
  kernelObject?: string;
  /** The CPUs the ends were pinned to (placements other than 'any'). */
  cores?: { receiver: number; sender: number };
}

/** One `ipc:queue` tick of a producer–consumer run. */
export interface PcQueueSample {
  runId: string;
  time: number;
  elapsedMs: number;
  depth: number;
  capacity: number;
  maxDepth: number;
  produced: number;
  consumed: number;
  /** Total time producers spent waiting for space, ms (summed over producers). */
  producerBlockedMs: number;
  /** Total time consumers spent waiting for items, ms (summed over consumers). */
  consumerIdleMs: number;
  itemsPerSec: number;
}

/** The outcome of a producer–consumer run. */
export interface PcResult {
  runId: string;
  /** The interpreter's version (Python queues only). */
  pythonVersion?: string;
  request: PcRequest;
  status: IpcRunStatus;
  error?: string;
  /** The same, as the lab said it. */
  errorSaid?: LabMessage;
  elapsedMs: number;
  produced: number;
  consumed: number;
  maxDepth: number;
  capacity: number;
  lost: number;
  duplicated: number;
  producerBlockedMs: number;
  consumerIdleMs: number;
  /** Producer blocked time as a share of producer time, 0..1. */
  producerBlockedShare: number;
  /** Consumer idle time as a share of consumer time, 0..1. */
  consumerIdleShare: number;
  itemsPerSec: number;
  pids: number[];
  threads: number;
}

/** One race-demo outcome. */
export interface RaceResult {
  mode: AnyRaceMode;
  workers: number;
  iterations: number;
  expected: number;
  actual: number;
  lostUpdates: number;
  elapsedMs: number;
  /** Where it ran; absent means Node (results from before Python modes existed). */
  runtime?: 'node' | 'python';
  /** The interpreter's version (Python modes). */
  pythonVersion?: string;
  /** sys.getswitchinterval() during the run, seconds (Python thread modes). */
  switchIntervalS?: number;
  /** Why this mode could not run (e.g. no Python); its counts are then 0. */
  error?: string;
}

/** One measurement of a compare run (a mechanism or its baseline, one mode). */
export interface CompareMeasurement {
  bytesPerSec: number;
  messagesPerSec: number;
  p50Us: number | null;
  p99Us: number | null;
  lost: number;
  corrupted: number;
}

/** A mechanism against its same-run baseline. */
export interface CompareEntry {
  mechanism: IpcMechanism;
  /** What the baseline is: the same channel with no framing, sequence numbers or checksums. */
  baseline: string;
  available: boolean;
  error?: string;
  /** The same, as the lab said it. */
  errorSaid?: LabMessage;
  throughput: { mechanism: CompareMeasurement; baseline: CompareMeasurement; ratio: number } | null;
  roundTrip: { mechanism: CompareMeasurement; baseline: CompareMeasurement; ratio: number } | null;
}

/** The outcome of `ipc:compare` (also streamed on `ipc:result` as entries complete). */
export interface CompareResult {
  runId: string;
  sizeBytes: number;
  durationMs: number;
  status: IpcRunStatus;
  entries: CompareEntry[];
}

/** What `ipc:result` pushes when a run, producer–consumer run or compare finishes or advances. */
export type IpcResultEvent =
  | { kind: 'run'; result: IpcRunResult }
  | { kind: 'producer-consumer'; result: PcResult }
  | { kind: 'compare'; result: CompareResult; done: boolean };

/** `ipc:results`: the finished results the lab keeps until it closes, oldest first. */
export interface IpcResults {
  runs: IpcRunResult[];
  producerConsumer: PcResult[];
  /** Finished comparisons only (not their progress). */
  compares: CompareResult[];
  /** One entry per race demo: its mechanisms' results. */
  races: RaceResult[][];
}

/** How many results of each kind `ipc:results` keeps; older ones are dropped. */
export const IPC_RESULTS_KEPT = 100;

/** The kind of job the IPC lab is running. */
export type IpcJobKind = 'run' | 'producer-consumer' | 'compare' | 'race';

/** `ipc:state`, `ipc:start`, `ipc:producer-consumer`: the job in progress, if any. */
export interface IpcJobState {
  active: { runId: string; kind: IpcJobKind; pids: number[] } | null;
}
