import type { LabMessage } from './lab-messages';
import type { IpcMechanism, IpcMode } from './ipc-mechanisms';
import type { AnyRaceMode, IpcRunRequest, PcRequest } from './ipc-requests';

/**
 * What the IPC lab reports: mechanism availability, traffic samples, the results of runs,
 * producer–consumer runs, races and comparisons, and the job in progress. contract.ts names these.
 */

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
