import {
  MAX_THREADS_PER_PROCESS,
  type ProcessRow,
  type ThreadRow,
  type ThreadTimeSplit,
  type WatchedThreads,
} from '../../shared/sampling';
import { parsePidStat, parseSchedstat, type Schedstat } from './pid-parsers';
import { listDir, ProcFile, type FdBudget } from './proc-file';

/** Per-thread state kept between ticks: open files, last counters, last row. */
interface ThreadEntry {
  tid: number;
  stat: ProcFile;
  sched: ProcFile | null;
  schedText: string | null;
  counters: Schedstat | null;
  cpuTicks: number | null;
  /** Waiting time already shown as "ready" by inference, not yet in the kernel's counter. */
  inferredWaitNs: number;
  row: ThreadRow | null;
}

/** One interval of a thread as deltas: what a ThreadRow needs besides names. */
export interface ThreadDeltas {
  cpuPercent: number | null;
  split: ThreadTimeSplit | null;
  switchesPerSec: number | null;
}

const clamp = (value: number, max: number): number => Math.min(max, Math.max(0, value));

/**
 * Running / ready / blocked shares of an interval from schedstat deltas: time on a CPU, time
 * waiting on a run queue, and the rest. `alreadyShownWaitNs` is waiting time an earlier
 * interval showed by inference; it is taken off so it is not counted twice.
 */
export function threadDeltas(
  before: Schedstat,
  after: Schedstat,
  elapsedMs: number,
  alreadyShownWaitNs = 0,
): ThreadDeltas {
  if (elapsedMs <= 0) return { cpuPercent: null, split: null, switchesPerSec: null };
  const intervalNs = elapsedMs * 1e6;
  const waitNs = Math.max(0, after.waitNs - before.waitNs - alreadyShownWaitNs);
  const running = clamp((100 * (after.runNs - before.runNs)) / intervalNs, 100);
  const ready = clamp((100 * waitNs) / intervalNs, 100 - running);
  return {
    cpuPercent: running,
    split: { running, ready, blocked: Math.max(0, 100 - running - ready) },
    switchesPerSec: Math.max(0, after.timeslices - before.timeslices) / (elapsedMs / 1000),
  };
}

/**
 * The threads of one watched process: /proc/PID/task/TID/stat (state, name, field 39 = the
 * core it last ran on) and schedstat, each kept open. A thread whose schedstat did not move
 * has not run: its stat is not re-read, and if it was runnable before it has waited on a run
 * queue the whole interval (the kernel only adds that wait when it gets the CPU, so it is
 * shown as ready now and taken off later). The task folder is listed again only when the
 * thread count changed or a thread ended.
 */
export class ProcessThreads {
  private readonly threads = new Map<number, ThreadEntry>();
  private listedCount = -1;

  constructor(
    readonly pid: number,
    private readonly procRoot: string,
    private readonly budget: FdBudget,
    private readonly msPerTick: number,
  ) {}

  /**
   * Reads every listed thread. `expectedCount` is the process's thread count from its stat;
   * at most `limit` threads are listed. Returns the rows and the number of threads.
   */
  sample(
    elapsedMs: number,
    expectedCount: number,
    limit: number,
  ): { rows: ThreadRow[]; count: number } {
    if (expectedCount !== this.listedCount) this.rescan(limit);
    const rows: ThreadRow[] = [];
    let lost = false;
    for (const entry of this.threads.values()) {
      const row = this.readThread(entry, elapsedMs);
      if (row === null) {
        this.drop(entry);
        lost = true;
      } else rows.push(row);
    }
    if (lost) this.listedCount = -1; // list again next tick: another thread may have started
    return { rows, count: Math.max(expectedCount, rows.length) };
  }

  /** Closes every file. */
  close(): void {
    for (const entry of this.threads.values()) this.drop(entry);
  }

  private rescan(limit: number): void {
    const tids = listDir(`${this.procRoot}/${this.pid}/task`)
      .map(Number)
      .filter((tid) => Number.isInteger(tid) && tid > 0)
      .sort((a, b) => a - b);
    this.listedCount = tids.length;
    const alive = new Set(tids);
    for (const entry of this.threads.values()) if (!alive.has(entry.tid)) this.drop(entry);
    for (const tid of tids) {
      if (this.threads.size >= limit) break;
      if (this.threads.has(tid)) continue;
      const base = `${this.procRoot}/${this.pid}/task/${tid}`;
      this.threads.set(tid, {
        tid,
        stat: new ProcFile(`${base}/stat`, this.budget),
        sched: new ProcFile(`${base}/schedstat`, this.budget),
        schedText: null,
        counters: null,
        cpuTicks: null,
        inferredWaitNs: 0,
        row: null,
      });
    }
  }

  private readThread(entry: ThreadEntry, elapsedMs: number): ThreadRow | null {
    let counters: Schedstat | null = null;
    if (entry.sched !== null) {
      const text = entry.sched.read();
      if (text === null && entry.sched.failure === 'gone') return null;
      counters = text === null ? null : parseSchedstat(text);
      if (counters === null) {
        entry.sched.close(); // not on this kernel: no split from now on
        entry.sched = null;
      } else if (text === entry.schedText && entry.row !== null && elapsedMs > 0) {
        return this.idleRow(entry, elapsedMs);
      }
      entry.schedText = text;
    }
    const statText = entry.stat.read();
    const stat = statText === null ? null : parsePidStat(statText);
    if (stat === null) return null;
    const cpuTicks = stat.utimeTicks + stat.stimeTicks;
    let deltas: ThreadDeltas = { cpuPercent: null, split: null, switchesPerSec: null };
    if (counters !== null && entry.counters !== null) {
      deltas = threadDeltas(entry.counters, counters, elapsedMs, entry.inferredWaitNs);
      entry.inferredWaitNs = 0;
    } else if (counters === null && entry.cpuTicks !== null && elapsedMs > 0) {
      const percent = (100 * (cpuTicks - entry.cpuTicks) * this.msPerTick) / elapsedMs;
      deltas = { ...deltas, cpuPercent: clamp(percent, 100) };
    }
    entry.cpuTicks = cpuTicks;
    entry.counters = counters;
    entry.row = {
      tid: entry.tid,
      name: stat.name,
      state: stat.state,
      cpuPercent: deltas.cpuPercent,
      core: stat.processor,
      split: deltas.split,
      switchesPerSec: deltas.switchesPerSec,
    };
    return entry.row;
  }

  /** A thread that did not run: sleeping (blocked), or runnable and waiting (ready). */
  private idleRow(entry: ThreadEntry, elapsedMs: number): ThreadRow {
    const previous = entry.row as ThreadRow;
    const waiting = previous.state === 'R';
    if (waiting) entry.inferredWaitNs += elapsedMs * 1e6;
    entry.row = {
      ...previous,
      cpuPercent: 0,
      split: { running: 0, ready: waiting ? 100 : 0, blocked: waiting ? 0 : 100 },
      switchesPerSec: 0,
    };
    return entry.row;
  }

  private drop(entry: ThreadEntry): void {
    entry.stat.close();
    entry.sched?.close();
    this.threads.delete(entry.tid);
  }
}

/** The thread readers of every watched process, started and closed as the watch list moves. */
export class WatchedThreadReaders {
  private readonly readers = new Map<number, ProcessThreads>();

  constructor(
    private readonly procRoot: string,
    private readonly budget: FdBudget,
    private readonly msPerTick: number,
  ) {}

  /**
   * Reads the threads of every watched pid that `rowOf` knows (its current process row);
   * readers of pids no longer watched or gone are closed first.
   */
  sample(
    watchedPids: ReadonlySet<number>,
    rowOf: (pid: number) => ProcessRow | undefined,
    elapsedMs: number,
  ): WatchedThreads[] {
    for (const pid of this.readers.keys()) {
      if (!watchedPids.has(pid) || rowOf(pid) === undefined) this.forget(pid);
    }
    const out: WatchedThreads[] = [];
    for (const pid of watchedPids) {
      const row = rowOf(pid);
      if (row === undefined) continue;
      let reader = this.readers.get(pid);
      if (reader === undefined) {
        reader = new ProcessThreads(pid, this.procRoot, this.budget, this.msPerTick);
        this.readers.set(pid, reader);
      }
      const expected = row.threads ?? 0;
      const { rows, count } = reader.sample(elapsedMs, expected, MAX_THREADS_PER_PROCESS);
      out.push({
        key: row.key,
        pid,
        name: row.name,
        trackedBy: row.trackedBy,
        threadCount: count,
        threads: rows,
        truncated: count > rows.length,
      });
    }
    return out;
  }

  /** Closes the reader of one process (it ended or is no longer watched). */
  forget(pid: number): void {
    this.readers.get(pid)?.close();
    this.readers.delete(pid);
  }
}
