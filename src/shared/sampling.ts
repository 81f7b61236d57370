import { z } from 'zod';

/**
 * Payload types of the live sampler: the system (cores split by kind of work, memory, load),
 * the process table and the threads of watched processes.
 * Convention: a value the OS cannot give is `null` ("unavailable" in the UI), never 0.
 * CPU % in data is always "100 = one core fully busy"; views convert to "% of the machine".
 */

/** Lower, upper and default table interval (processes and threads), ms. */
export const TABLE_INTERVAL_MS = { min: 250, max: 10_000, default: 1_000 } as const;

/** Most processes a user can watch at once (tracked experiment processes come on top). */
export const MAX_USER_WATCHED = 16;

/** Most threads reported per watched process; the rest are counted but not listed. */
export const MAX_THREADS_PER_PROCESS = 256;

/** Busy % of one core (or the machine) over one interval, split by kind of work, 0..100. */
export interface CoreSplit {
  /** user + system + irq + steal: the share of time the core did work. */
  busy: number;
  /** User mode, including nice and guest time. */
  user: number;
  /** Kernel mode on behalf of processes. */
  system: number;
  /** Idle while some task waited for disk I/O (not counted in busy); null if unreported. */
  iowait: number | null;
  /** Hardware and software interrupts; null if unreported. */
  irq: number | null;
  /** Taken by the hypervisor for other virtual machines; null if unreported. */
  steal: number | null;
}

/** Memory of the machine, bytes. */
export interface MemoryReading {
  totalBytes: number;
  /** What new programs could use without swapping (MemAvailable); null if unreported. */
  availableBytes: number | null;
  /** Free, not even used for caches. */
  freeBytes: number;
  swapTotalBytes: number | null;
  swapFreeBytes: number | null;
}

/** One tick of system-wide figures, pushed at the sampling interval beside `sample:cores`. */
export interface SystemSample {
  /** Wall-clock time of the tick, ms since the epoch. */
  time: number;
  /** Monotonic time of the tick, ms. */
  monotonicMs: number;
  /** Monotonic time since the previous tick, ms. */
  elapsedMs: number;
  /** One split per logical core. */
  cores: CoreSplit[];
  /** The whole machine: the mean over cores. */
  total: CoreSplit;
  memory: MemoryReading;
  /** 1, 5 and 15 minute load averages; null where the OS has none (Windows). */
  loadAverage: [number, number, number] | null;
  /** Tasks (threads) runnable right now; null if unreported. */
  runnableTasks: number | null;
  /** Tasks blocked on I/O right now; null if unreported. */
  blockedTasks: number | null;
  /** Context switches per second on the whole machine; null if unreported. */
  contextSwitchesPerSec: number | null;
}

/**
 * Process state letter as Linux reports it: R running or runnable, S sleeping, D waiting on
 * I/O (uninterruptible), Z zombie, T stopped, t traced, I idle kernel thread, X dead;
 * '?' where the OS gives no state.
 */
export type ProcessStateLetter = string;

/** One row of the process table. */
export interface ProcessRow {
  /** `pid:start`: a reused pid is a new key, hence a new row. */
  key: string;
  pid: number;
  /** Parent pid; null if unreported. */
  ppid: number | null;
  /** Short name (Linux comm, 15 characters at most). */
  name: string;
  /** Full command line, read once per process (and again after exec); '' if unreadable. */
  command: string;
  /** Owner's user name; null if unreadable. */
  user: string | null;
  state: ProcessStateLetter;
  /** CPU over the last interval, 100 = one core; null until a second sample exists. */
  cpuPercent: number | null;
  /** Resident memory, bytes; null if unreadable. */
  rssBytes: number | null;
  /** Number of threads; null if unreported. */
  threads: number | null;
  /** Voluntary switches/s of the main thread (it waited for something); null if unreadable. */
  voluntarySwitchesPerSec: number | null;
  /** Involuntary switches/s of the main thread (preempted); null if unreadable. */
  involuntarySwitchesPerSec: number | null;
  /** Start time, ms since the epoch; null if unreported. */
  startTime: number | null;
  /** A kernel thread (hidden by default in the table). */
  kernelThread: boolean;
  /** The lab feature that started this process ('experiment', 'ipc', …), or null. */
  trackedBy: string | null;
  /** Its threads are being sampled (user selection or tracked). */
  watched: boolean;
}

/**
 * One table tick: rows that changed since the previous tick, keys that went away. A view that
 * missed ticks (or starts late) asks `processes:snapshot` and applies later ticks by `seq`.
 */
export interface ProcessesSample {
  /** Increases by one per tick. */
  seq: number;
  time: number;
  monotonicMs: number;
  elapsedMs: number;
  logicalCores: number;
  /** True when `upserts` is the whole table (replace everything held). */
  full: boolean;
  /** New rows and rows whose values changed. */
  upserts: ProcessRow[];
  /** Keys of rows that vanished. */
  removed: string[];
  /** Whole-table figures, counted over every process. */
  totals: { processes: number; threads: number | null; kernelThreads: number };
  /** CPU time this tick cost the sampler, ms (the monitor measuring itself). */
  costMs: number;
}

/** Where a thread spent one interval, % of it; null where the OS does not report it. */
export interface ThreadTimeSplit {
  running: number;
  ready: number;
  blocked: number;
}

/** One thread of a watched process, over the last interval. */
export interface ThreadRow {
  tid: number;
  /** Thread name (comm); Node names every thread "node" unless it renames itself. */
  name: string;
  state: ProcessStateLetter;
  /** CPU over the interval, 100 = one core; null on first sight. */
  cpuPercent: number | null;
  /** The core it last ran on; null if unreported. */
  core: number | null;
  /** Running / ready (waiting for a CPU) / blocked split; null if unreported or first sight. */
  split: ThreadTimeSplit | null;
  /** Times it was switched onto a CPU per second; null if unreported or first sight. */
  switchesPerSec: number | null;
}

/** The threads of one watched process. */
export interface WatchedThreads {
  key: string;
  pid: number;
  name: string;
  trackedBy: string | null;
  /** Threads the process has (all of them, even past the listing limit); null if unknown. */
  threadCount: number | null;
  /** Listed threads, at most MAX_THREADS_PER_PROCESS; empty where the OS gives no threads. */
  threads: ThreadRow[];
  /** True when threads exist that are not listed. */
  truncated: boolean;
}

/** One table tick of the threads of every watched process. */
export interface ThreadsSample {
  time: number;
  monotonicMs: number;
  elapsedMs: number;
  /** Threads on the whole machine (every process's count summed); null if unknown. */
  totalThreads: number | null;
  processes: WatchedThreads[];
}

/** What the current platform's sampler can give. */
export interface SamplerCapabilities {
  /** 'linux' (/proc, no subprocess) or 'generic' (systeminformation + pidusage). */
  platform: 'linux' | 'generic';
  threads: boolean;
  threadStates: boolean;
  contextSwitches: boolean;
  iowait: boolean;
  steal: boolean;
}

/** A process being watched, and why. */
export interface WatchedProcess {
  key: string;
  pid: number;
  name: string;
  /** Chosen by a user (else only tracked). */
  byUser: boolean;
  trackedBy: string | null;
}

/** Settings and watch list of the process sampler. */
export interface ProcessSamplingState {
  tableIntervalMs: number;
  paused: boolean;
  watched: WatchedProcess[];
  capabilities: SamplerCapabilities;
}

/** Recent history held by the sampler so a view opened late shows the past minutes. */
export interface SamplingHistory {
  /** Thread samples, oldest first (two minutes at the default table interval). */
  threads: ThreadsSample[];
}

/** Holds the whole process table on a view's side, applying each tick's changes in order. */
export class ProcessTableState {
  readonly rows = new Map<string, ProcessRow>();
  private seq: number | null = null;

  /**
   * Applies a tick. A full table replaces everything; a change list is applied only on top
   * of the tick before it. Returns false when ticks were missed (ask for a snapshot).
   */
  apply(sample: { seq: number; full: boolean; upserts: ProcessRow[]; removed: string[] }): boolean {
    if (sample.full) this.rows.clear();
    else if (this.seq === null || sample.seq <= this.seq) return this.seq !== null;
    else if (sample.seq !== this.seq + 1) return false;
    for (const key of sample.removed) this.rows.delete(key);
    for (const row of sample.upserts) this.rows.set(row.key, row);
    this.seq = sample.seq;
    return true;
  }
}

/** How a view shows CPU %: per core (100 % = one core busy) or as a share of the machine. */
export type CpuMode = 'core' | 'machine';

/** A CPU % from the lab (always "100 = one core") in the chosen mode. */
export function cpuInMode(percentOfCore: number, mode: CpuMode, cores: number): number {
  return mode === 'core' ? percentOfCore : percentOfCore / Math.max(1, cores);
}

/** The label that says which CPU % mode is on. */
export function cpuModeLabel(mode: CpuMode, cores: number): string {
  return mode === 'core'
    ? '100 % = one core fully busy'
    : `% of the machine (100 % = all ${cores} cores busy)`;
}

// Payload schemas: a recording is read back from a file, so each payload is checked against
// these before a view or an export sees it (see session-format.ts).

const percent = z.number().min(0).max(100_000);
const count = z.number().nonnegative();
const epochMs = z.number().min(0).max(8.64e15);
const nullableCount = count.nullable();

const coreSplitSchema = z
  .object({
    busy: percent,
    user: percent,
    system: percent,
    iowait: percent.nullable(),
    irq: percent.nullable(),
    steal: percent.nullable(),
  })
  .loose();

/** Checks a `sample:system` payload. */
export const systemSampleSchema: z.ZodType<SystemSample> = z
  .object({
    time: epochMs,
    monotonicMs: z.number(),
    elapsedMs: count,
    cores: z.array(coreSplitSchema),
    total: coreSplitSchema,
    memory: z
      .object({
        totalBytes: count,
        availableBytes: nullableCount,
        freeBytes: count,
        swapTotalBytes: nullableCount,
        swapFreeBytes: nullableCount,
      })
      .loose(),
    loadAverage: z.tuple([count, count, count]).nullable(),
    runnableTasks: nullableCount,
    blockedTasks: nullableCount,
    contextSwitchesPerSec: nullableCount,
  })
  .loose();

const processRowSchema = z
  .object({
    key: z.string(),
    pid: z.number().int(),
    ppid: z.number().int().nullable(),
    name: z.string(),
    command: z.string(),
    user: z.string().nullable(),
    state: z.string(),
    cpuPercent: percent.nullable(),
    rssBytes: nullableCount,
    threads: nullableCount,
    voluntarySwitchesPerSec: nullableCount,
    involuntarySwitchesPerSec: nullableCount,
    startTime: epochMs.nullable(),
    kernelThread: z.boolean(),
    trackedBy: z.string().nullable(),
    watched: z.boolean(),
  })
  .loose();

/** Checks a `sample:processes` payload. */
export const processesSampleSchema: z.ZodType<ProcessesSample> = z
  .object({
    seq: z.number().int(),
    time: epochMs,
    monotonicMs: z.number(),
    elapsedMs: count,
    logicalCores: z.number().int().positive(),
    full: z.boolean(),
    upserts: z.array(processRowSchema),
    removed: z.array(z.string()),
    totals: z.object({ processes: count, threads: nullableCount, kernelThreads: count }).loose(),
    costMs: count,
  })
  .loose();

const threadRowSchema = z
  .object({
    tid: z.number().int(),
    name: z.string(),
    state: z.string(),
    cpuPercent: percent.nullable(),
    core: z.number().int().nullable(),
    split: z.object({ running: count, ready: count, blocked: count }).loose().nullable(),
    switchesPerSec: nullableCount,
  })
  .loose();

/** Checks a `sample:threads` payload. */
export const threadsSampleSchema: z.ZodType<ThreadsSample> = z
  .object({
    time: epochMs,
    monotonicMs: z.number(),
    elapsedMs: count,
    totalThreads: nullableCount,
    processes: z.array(
      z
        .object({
          key: z.string(),
          pid: z.number().int(),
          name: z.string(),
          trackedBy: z.string().nullable(),
          threadCount: nullableCount,
          threads: z.array(threadRowSchema),
          truncated: z.boolean(),
        })
        .loose(),
    ),
  })
  .loose();

/** Checks a `processes:state` payload. */
export const processSamplingStateSchema: z.ZodType<ProcessSamplingState> = z
  .object({
    tableIntervalMs: count,
    paused: z.boolean(),
    watched: z.array(
      z
        .object({
          key: z.string(),
          pid: z.number().int(),
          name: z.string(),
          byUser: z.boolean(),
          trackedBy: z.string().nullable(),
        })
        .loose(),
    ),
    capabilities: z
      .object({
        platform: z.enum(['linux', 'generic']),
        threads: z.boolean(),
        threadStates: z.boolean(),
        contextSwitches: z.boolean(),
        iowait: z.boolean(),
        steal: z.boolean(),
      })
      .loose(),
  })
  .loose();
