import type {
  ProcessRow,
  SamplerCapabilities,
  SystemSample,
  WatchedThreads,
} from '../../shared/sampling';

/** Reads system-wide figures; each call returns the interval since the previous call. */
export interface SystemSampler {
  /** One tick, or null for a baseline-only reading (first call, core count changed). */
  sample(): SystemSample | null;
  /** Releases open files. */
  close(): void;
}

/** Which processes to mark in a tick, and whose threads to read. */
export interface SampleMarks {
  /** Processes whose threads are read. */
  watchedPids: ReadonlySet<number>;
  /** Processes the lab started, by the feature that owns them. */
  trackedBy: ReadonlyMap<number, string>;
}

/** One table tick as a platform reads it: every row. */
export interface ProcessTableReading {
  time: number;
  monotonicMs: number;
  elapsedMs: number;
  /** Every process. A row object is reused while nothing in it changed. */
  rows: ProcessRow[];
  /** Threads of the watched pids that still exist. */
  threads: WatchedThreads[];
}

/** One table tick as it crosses to the serving side: only what changed. */
export interface ProcessTableTick {
  time: number;
  monotonicMs: number;
  elapsedMs: number;
  upserts: ProcessRow[];
  removed: string[];
  threads: WatchedThreads[];
  /** Time the sampling thread spent on this tick, ms. */
  costMs: number;
}

/** Reads the process table and the threads of watched processes. */
export interface ProcessSampler {
  readonly capabilities: SamplerCapabilities;
  /** One tick: what changed since the previous one (everything on the first). */
  sample(marks: SampleMarks): Promise<ProcessTableTick>;
  /** Finds one process now (for a watch request); null if there is no such process. */
  lookup(pid: number): Promise<{ key: string; name: string } | null>;
  /** Releases every open file, worker and timer. */
  close(): Promise<void>;
}
