import { performance } from 'node:perf_hooks';
import type { ProcessRow, SamplerCapabilities } from '../../shared/sampling';
import { clockTicksPerSecond, pageSize, pageSizeFrom } from '../os/procfs/units';
import { parseCmdline, parsePidStat, parsePidStatus, type PidStat } from './pid-parsers';
import { PidDiscovery } from './pid-discovery';
import { FdBudget, openFileLimit, ProcFile, readOnce } from './proc-file';
import { ProcessTable } from './process-table';
import type {
  ProcessSampler,
  ProcessTableReading,
  ProcessTableTick,
  SampleMarks,
} from './sampler-types';
import { parseProcStat } from './system-parsers';
import { WatchedThreadReaders } from './thread-reader';
import { UserNames } from './user-names';

/**
 * A process not seen to run has its stat re-read at least once every this many ticks: its
 * memory can shrink while it sleeps (reclaim). Nothing else of a sleeping process changes.
 */
const REFRESH_EVERY_TICKS = 32;

/** A process that has not run for this many checks in a row counts as long idle. */
const LONG_IDLE_CHECKS = 3;

/** Per-process state kept between ticks: open files, last counters, last row. */
interface ProcessEntry {
  pid: number;
  startTicks: number;
  stat: ProcFile;
  status: ProcFile;
  sched: ProcFile | null;
  schedText: string | null;
  /** Spreads refreshes and long-idle checks evenly over ticks. */
  slot: number;
  forceRead: boolean;
  /** Checks in a row that found it had not run. */
  idleChecks: number;
  /** Monotonic time of its last check, ms: rates span the time since. */
  checkedAt: number;
  cpuTicks: number;
  voluntary: number | null;
  involuntary: number | null;
  /** The last row; reused as is while nothing in it changes. */
  row: ProcessRow;
}

/** Options: another /proc (tests), clock ticks, page size, descriptor budget, idle checks. */
export interface LinuxProcessSamplerOptions {
  procRoot?: string;
  /** USER_HZ; the OS layer's measurement (from the auxiliary vector) when not given. */
  ticksPerSecond?: number;
  /**
   * Bytes per page for stat's rss; when not given, the OS layer's measurement for the real
   * /proc, and for another root measured from that root's self/stat and self/status.
   */
  pageSize?: number;
  /** Most descriptors to keep open; the rest are opened per read. */
  maxOpenFiles?: number;
  /**
   * A long-idle process that is neither watched nor tracked is checked every this many
   * ticks (1 = every tick). Its CPU, if it wakes, is then the mean since its last check.
   */
  longIdleCheckEvery?: number;
}

/** What /proc gives: everything, threads and their states included. */
export const LINUX_CAPABILITIES: SamplerCapabilities = {
  platform: 'linux',
  threads: true,
  threadStates: true,
  contextSwitches: true,
  iowait: true,
  steal: true,
};

/**
 * The Linux process table without a subprocess: every /proc/PID/{stat,status,schedstat} is
 * kept open and re-read at position 0; a process is keyed by pid + start time.
 * Cheap by construction: the leader's schedstat (the cheapest file) is the change detector —
 * a single-threaded process whose schedstat did not move has not run, so its stat and status
 * are not re-read (each idle process is still read in full every few ticks, for memory
 * reclaimed while it slept); processes idle for several checks are checked every few ticks;
 * new processes come from PidDiscovery, without listing /proc every tick.
 */
export class LinuxProcessSampler implements ProcessSampler {
  readonly capabilities = LINUX_CAPABILITIES;
  private readonly procRoot: string;
  private readonly msPerTick: number;
  private readonly pageSize: number;
  private readonly budget: FdBudget;
  private readonly bootTimeMs: number;
  private readonly maxPercent: number;
  private readonly longIdleEvery: number;
  private readonly users = new UserNames();
  private readonly discovery: PidDiscovery;
  private readonly entries = new Map<number, ProcessEntry>();
  private readonly watched: WatchedThreadReaders;
  private readonly table = new ProcessTable();
  private previousAt: number | null = null;
  private tick = 0;
  private nextSlot = 0;

  constructor(options: LinuxProcessSamplerOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.msPerTick = 1000 / (options.ticksPerSecond ?? clockTicksPerSecond());
    this.pageSize = options.pageSize ?? measurePageSize(this.procRoot);
    const limit = options.maxOpenFiles ?? Math.floor((openFileLimit() ?? 1024) / 2);
    this.budget = new FdBudget(Math.max(16, limit));
    this.longIdleEvery = Math.max(1, Math.floor(options.longIdleCheckEvery ?? 4));
    this.discovery = new PidDiscovery(this.procRoot, this.budget);
    this.watched = new WatchedThreadReaders(this.procRoot, this.budget, this.msPerTick);
    const stat = parseProcStat(readOnce(`${this.procRoot}/stat`)?.toString('latin1') ?? '');
    this.bootTimeMs = (stat.bootTimeSec ?? 0) * 1000;
    this.maxPercent = 100 * Math.max(1, stat.cores.length);
  }

  /** Descriptors held open right now (for leak checks). */
  get openFiles(): number {
    return this.budget.held;
  }

  /** One tick as a delta against the previous one. */
  sample(marks: SampleMarks): Promise<ProcessTableTick> {
    const started = performance.now();
    const reading = this.sampleNow(marks);
    const { upserts, removed } = this.table.replaceAll(reading.rows);
    const { rows: _rows, ...rest } = reading;
    return Promise.resolve({ ...rest, upserts, removed, costMs: performance.now() - started });
  }

  /** One synchronous tick: every process, and the threads of the watched ones. */
  sampleNow(marks: SampleMarks): ProcessTableReading {
    const at = performance.now();
    const elapsedMs = this.previousAt === null ? 0 : at - this.previousAt;
    this.previousAt = at;
    this.tick += 1;

    const rows: ProcessRow[] = [];
    let orphans: Set<number> | null = null;
    for (const entry of this.entries.values()) {
      const row = this.readProcess(entry, at, marks);
      if (row !== null) rows.push(row);
      else {
        (orphans ??= new Set()).add(entry.pid);
        this.drop(entry);
      }
    }
    // Children of a vanished parent are re-parented without running: read them next tick.
    if (orphans !== null) {
      for (const entry of this.entries.values()) {
        if (entry.row.ppid !== null && orphans.has(entry.row.ppid)) entry.forceRead = true;
      }
    }
    const found = this.discovery.next();
    for (const pid of found.pids) this.addIfNew(pid, !found.full, at, marks, rows);
    for (const pid of marks.watchedPids) this.addIfNew(pid, true, at, marks, rows);
    for (const pid of marks.trackedBy.keys()) this.addIfNew(pid, true, at, marks, rows);
    return {
      time: Date.now(),
      monotonicMs: at,
      elapsedMs,
      rows,
      threads: this.watched.sample(
        marks.watchedPids,
        (pid) => this.entries.get(pid)?.row,
        elapsedMs,
      ),
    };
  }

  /** Finds one process now; null if there is no such process. */
  lookup(pid: number): Promise<{ key: string; name: string } | null> {
    const none = { watchedPids: new Set<number>(), trackedBy: new Map<number, string>() };
    if (!this.entries.has(pid)) this.addIfNew(pid, true, performance.now(), none, []);
    const row = this.entries.get(pid)?.row;
    return Promise.resolve(row === undefined ? null : { key: row.key, name: row.name });
  }

  /** Closes every descriptor. */
  close(): Promise<void> {
    for (const entry of [...this.entries.values()]) this.drop(entry);
    this.discovery.close();
    this.table.clear();
    return Promise.resolve();
  }

  /** Adds a process not seen before; `mustCheckLeader` when the pid may be a thread's. */
  private addIfNew(
    pid: number,
    mustCheckLeader: boolean,
    at: number,
    marks: SampleMarks,
    out: ProcessRow[],
  ): void {
    if (this.entries.has(pid) || !Number.isInteger(pid) || pid <= 0) return;
    const base = `${this.procRoot}/${pid}`;
    const stat = new ProcFile(`${base}/stat`, this.budget);
    const statText = stat.read();
    const parsed = statText === null ? null : parsePidStat(statText);
    const status = new ProcFile(`${base}/status`, this.budget);
    const statusText = parsed === null ? null : status.read();
    const tgid = statusText === null ? null : parsePidStatus(statusText).tgid;
    if (parsed === null || (mustCheckLeader && tgid !== null && tgid !== pid)) {
      stat.close(); // gone already, or a thread: /proc/TID exists but is not a process
      status.close();
      return;
    }
    const sched = new ProcFile(`${base}/schedstat`, this.budget);
    const schedText = sched.read();
    if (schedText === null) sched.close();
    const entry: ProcessEntry = {
      pid,
      startTicks: parsed.startTicks,
      stat,
      status,
      sched: schedText === null ? null : sched,
      schedText,
      slot: this.nextSlot++,
      forceRead: false,
      idleChecks: 0,
      checkedAt: at,
      cpuTicks: parsed.utimeTicks + parsed.stimeTicks,
      voluntary: null,
      involuntary: null,
      row: {
        key: `${pid}:${parsed.startTicks}`,
        pid,
        ppid: parsed.ppid,
        name: parsed.name,
        command: this.commandOf(pid, parsed),
        user: null,
        state: parsed.state,
        cpuPercent: null,
        rssBytes: parsed.rssPages * this.pageSize,
        threads: parsed.threads,
        voluntarySwitchesPerSec: null,
        involuntarySwitchesPerSec: null,
        startTime: this.bootTimeMs + parsed.startTicks * this.msPerTick,
        kernelThread: parsed.kernelThread,
        trackedBy: marks.trackedBy.get(pid) ?? null,
        watched: marks.watchedPids.has(pid),
      },
    };
    this.applyStatus(entry, statusText, 0, entry.row);
    this.entries.set(pid, entry);
    out.push(entry.row);
  }

  /** Reads what may have changed; null when the process is gone or unreadable. */
  private readProcess(entry: ProcessEntry, at: number, marks: SampleMarks): ProcessRow | null {
    const previous = entry.row;
    const trackedBy = marks.trackedBy.get(entry.pid) ?? null;
    const watched = marks.watchedPids.has(entry.pid);
    const marksSame = previous.trackedBy === trackedBy && previous.watched === watched;
    const slotTick = this.tick + entry.slot;
    const skip =
      marksSame &&
      !watched &&
      trackedBy === null &&
      !entry.forceRead &&
      entry.idleChecks >= LONG_IDLE_CHECKS &&
      slotTick % this.longIdleEvery !== 0;
    if (skip) return previous; // long idle: checked on its own slot only

    let ran = true;
    if (entry.sched !== null) {
      const text = entry.sched.read();
      if (text === null) {
        if (entry.sched.failure === 'gone') return null;
        entry.sched = null; // unreadable: no change detection for this process
        entry.schedText = null;
      } else {
        ran = text !== entry.schedText;
        entry.schedText = text;
      }
    }
    entry.idleChecks = ran ? 0 : entry.idleChecks + 1;
    const refresh = entry.forceRead || slotTick % REFRESH_EVERY_TICKS === 0;
    entry.forceRead = false;
    const elapsedMs = at - entry.checkedAt;
    entry.checkedAt = at;
    const readStat = ran || refresh || previous.threads !== 1;
    if (!readStat && marksSame && previous.cpuPercent === 0) {
      const quiet = previous.voluntarySwitchesPerSec === 0;
      if (quiet && previous.involuntarySwitchesPerSec === 0) return previous;
    }
    const next: ProcessRow = {
      ...previous,
      cpuPercent: 0,
      voluntarySwitchesPerSec: 0,
      involuntarySwitchesPerSec: 0,
      trackedBy,
      watched,
    };
    if (readStat) {
      const text = entry.stat.read();
      const stat = text === null ? null : parsePidStat(text);
      if (stat === null || stat.startTicks !== entry.startTicks) return null;
      this.applyStat(entry, stat, next, elapsedMs);
    }
    // status holds the main thread's switch counts (and uid): they move only when it ran.
    if (ran) this.applyStatus(entry, entry.status.read(), elapsedMs, next);
    entry.row = next;
    return next;
  }

  private applyStat(entry: ProcessEntry, stat: PidStat, row: ProcessRow, elapsedMs: number) {
    const cpuTicks = stat.utimeTicks + stat.stimeTicks;
    const ms = (cpuTicks - entry.cpuTicks) * this.msPerTick;
    row.cpuPercent =
      elapsedMs > 0 ? Math.min(this.maxPercent, Math.max(0, (100 * ms) / elapsedMs)) : 0;
    entry.cpuTicks = cpuTicks;
    if (stat.name !== row.name) {
      row.name = stat.name; // a new name means exec: the command line changed too
      row.command = this.commandOf(entry.pid, stat);
    }
    row.state = stat.state;
    row.ppid = stat.ppid;
    row.threads = stat.threads;
    row.rssBytes = stat.rssPages * this.pageSize;
  }

  /** Applies status text: user and the main thread's switch rates (null when unreadable). */
  private applyStatus(
    entry: ProcessEntry,
    text: string | null,
    elapsedMs: number,
    row: ProcessRow,
  ): void {
    const status = text === null ? null : parsePidStatus(text);
    const voluntary = status?.voluntarySwitches ?? null;
    const involuntary = status?.involuntarySwitches ?? null;
    row.voluntarySwitchesPerSec = perSecond(entry.voluntary, voluntary, elapsedMs);
    row.involuntarySwitchesPerSec = perSecond(entry.involuntary, involuntary, elapsedMs);
    entry.voluntary = voluntary;
    entry.involuntary = involuntary;
    if (status?.uid != null) row.user = this.users.nameOf(status.uid);
  }

  private commandOf(pid: number, stat: PidStat): string {
    if (stat.kernelThread) return `[${stat.name}]`;
    const bytes = readOnce(`${this.procRoot}/${pid}/cmdline`);
    return bytes === null ? '' : parseCmdline(bytes);
  }

  private drop(entry: ProcessEntry): void {
    entry.stat.close();
    entry.status.close();
    entry.sched?.close();
    this.entries.delete(entry.pid);
    this.watched.forget(entry.pid);
  }
}

/** A counter's rate between two readings, or null when either is missing. */
function perSecond(before: number | null, after: number | null, elapsedMs: number): number | null {
  if (before === null || after === null || elapsedMs <= 0) return null;
  return Math.max(0, after - before) / (elapsedMs / 1000);
}

/** Bytes per page: the OS layer's (measured once) for the real /proc, else from `procRoot`'s self files. */
function measurePageSize(procRoot: string): number {
  if (procRoot === '/proc') return pageSize();
  const text = (name: string): string =>
    readOnce(`${procRoot}/self/${name}`)?.toString('latin1') ?? '';
  return pageSizeFrom(text('stat'), text('status'));
}
