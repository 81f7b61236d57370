import { parsePidStatus, readProcText } from '../../os/procfs';
import { FdBudget, ProcFile, listDir, openFileLimit } from '../../sampling/proc-file';
import type { ThreadCounters } from './lane-builder';
import { schedstatFromBytes, statFromBytes } from './proc-bytes';

/**
 * Reads a run's own threads for the lanes, one tick at a time: each thread's schedstat (time
 * running, time waiting for a CPU) every tick and, about once a slice while it runs and once
 * when it stops, its stat (state, name, field 39 = the core). Every file stays open and is read
 * with one pread into a reused buffer, parsed as bytes: the cheapest way to poll /proc, so the
 * run is not disturbed. Context switches come from each thread's status, about once a second.
 */

/** Descriptors one reader may keep open: a run of hundreds of workers must not exhaust them. */
const FD_LIMIT = Math.max(64, Math.min(2048, Math.floor((openFileLimit() ?? 1024) / 4)));
const SWITCHES_EVERY_MS = 1000;
/**
 * A running thread's stat (its core) is read every other tick, about once per two slices: the
 * dearest read, and a thread seldom changes cores faster (the slice between keeps the last).
 */
const STAT_EVERY_MS = 85;
/**
 * A new thread's stat is read on each of its first ticks: threads name themselves just after
 * they start (a worker becomes "io-async" when told its role), and a short run can end before
 * the every-other-tick rule would read the new name, leaving the lane under its parent's name.
 */
const NEW_THREAD_STAT_TICKS = 4;

/** One tick's reading: every live thread, and the context switches read this time. */
export interface ThreadsTick {
  t: number;
  threads: ThreadCounters[];
  /** [pid, tid, voluntary + involuntary switches so far]. */
  switches: [number, number, number][];
}

/** /proc files are small: stat is under 400 bytes, schedstat under 64. */
const buffer = Buffer.allocUnsafe(4096);

interface Task {
  tid: number;
  sched: ProcFile;
  stat: ProcFile;
  /** The last schedstat's bytes, to see at a glance whether the thread ran since. */
  schedBytes: Buffer;
  nameBytes: Buffer;
  counters: ThreadCounters | null;
  /** When stat was last read, and when schedstat last moved (reader ms). */
  statAt: number;
  movedAt: number;
  /** Ticks left on which stat is read whatever the thread did (see NEW_THREAD_STAT_TICKS). */
  newTicks: number;
}

/** The threads of one process of the run. */
class ProcessTasks {
  private readonly stat: ProcFile;
  readonly tasks = new Map<number, Task>();
  private listedCount = -1;

  constructor(
    readonly pid: number,
    private readonly root: string,
    private readonly budget: FdBudget,
  ) {
    this.stat = new ProcFile(`${root}/${pid}/stat`, budget);
  }

  /** Appends every live thread's counters (new tids to `fresh`); false once the process is gone. */
  read(t: number, out: ThreadCounters[], fresh: number[]): boolean {
    const length = this.stat.readInto(buffer);
    const stat = length < 0 ? null : statFromBytes(buffer, length);
    if (stat === null) return false;
    if (stat.threads !== this.listedCount) this.rescan(fresh);
    let lost = false;
    for (const task of this.tasks.values()) {
      const counters = this.readTask(task, t);
      if (counters === null) {
        this.drop(task);
        lost = true;
      } else out.push(counters);
    }
    if (lost) this.listedCount = -1; // list again: another thread may have started
    return true;
  }

  /** Closes every file. */
  close(): void {
    this.stat.close();
    for (const task of this.tasks.values()) this.drop(task);
  }

  private rescan(fresh: number[]): void {
    const tids = listDir(`${this.root}/${this.pid}/task`)
      .map(Number)
      .filter((tid) => Number.isInteger(tid) && tid > 0);
    this.listedCount = tids.length;
    for (const tid of tids) {
      if (this.tasks.has(tid)) continue;
      const base = `${this.root}/${this.pid}/task/${tid}`;
      this.tasks.set(tid, {
        tid,
        sched: new ProcFile(`${base}/schedstat`, this.budget),
        stat: new ProcFile(`${base}/stat`, this.budget),
        schedBytes: Buffer.alloc(0),
        nameBytes: Buffer.alloc(0),
        counters: null,
        statAt: -Infinity,
        movedAt: -Infinity,
        newTicks: NEW_THREAD_STAT_TICKS,
      });
      fresh.push(tid);
    }
  }

  private readTask(task: Task, t: number): ThreadCounters | null {
    const length = task.sched.readInto(buffer);
    if (length < 0) return null;
    const moved = buffer.compare(task.schedBytes, 0, task.schedBytes.length, 0, length) !== 0;
    // stat is the dearer read: every other tick for a thread that keeps running (its core), and
    // once after it stops moving (is it waiting for a CPU or sleeping?), never while it sleeps.
    const needStat =
      task.newTicks > 0 || (moved ? t - task.statAt >= STAT_EVERY_MS : task.statAt < task.movedAt);
    if (task.newTicks > 0) task.newTicks -= 1;
    if (!moved && !needStat) return task.counters;
    const sched = moved ? schedstatFromBytes(buffer, length) : (task.counters?.sched ?? null);
    if (sched === null) return null;
    if (moved) {
      task.schedBytes = Buffer.from(buffer.subarray(0, length));
      task.movedAt = t;
    }
    let { name, state, core } = task.counters ?? { name: '', state: 'S', core: null };
    if (needStat) {
      const statLength = task.stat.readInto(buffer);
      const stat = statLength < 0 ? null : statFromBytes(buffer, statLength);
      if (stat === null) return null;
      task.statAt = t;
      const nameBytes = buffer.subarray(stat.nameStart, stat.nameEnd);
      if (task.counters === null || !nameBytes.equals(task.nameBytes)) {
        task.nameBytes = Buffer.from(nameBytes);
        name = nameBytes.toString('utf8');
      }
      state = stat.state;
      core = stat.processor;
    }
    task.counters = { pid: this.pid, tid: task.tid, name, sched, state, core };
    return task.counters;
  }

  private drop(task: Task): void {
    task.sched.close();
    task.stat.close();
    this.tasks.delete(task.tid);
  }
}

/** Reads the run's processes (host first) tick by tick, its files kept open until close(). */
export class RunThreadsReader {
  private readonly budget = new FdBudget(FD_LIMIT);
  private readonly processes = new Map<number, ProcessTasks>();
  private lastSwitches = -Infinity;

  constructor(private readonly root = '/proc') {}

  /** The run's pids now; pids no longer listed stop being read. */
  setPids(pids: readonly number[]): void {
    const wanted = new Set(pids);
    for (const [pid, reader] of this.processes) {
      if (!wanted.has(pid)) {
        reader.close();
        this.processes.delete(pid);
      }
    }
    for (const pid of wanted) {
      if (!this.processes.has(pid)) {
        this.processes.set(pid, new ProcessTasks(pid, this.root, this.budget));
      }
    }
  }

  /** One tick at `t` ms: every live thread, plus switches (all about once a second, new ones now). */
  read(t: number): ThreadsTick {
    const threads: ThreadCounters[] = [];
    const fresh: [number, number][] = [];
    for (const [pid, reader] of this.processes) {
      const tids: number[] = [];
      if (!reader.read(t, threads, tids)) {
        reader.close();
        this.processes.delete(pid);
      }
      for (const tid of tids) fresh.push([pid, tid]);
    }
    const switches: [number, number, number][] = [];
    const all = t - this.lastSwitches >= SWITCHES_EVERY_MS;
    if (all) this.lastSwitches = t;
    const which = all
      ? [...this.processes.values()].flatMap((p) => [...p.tasks.keys()].map((tid) => [p.pid, tid]))
      : fresh;
    for (const [pid, tid] of which) {
      if (pid === undefined || tid === undefined) continue;
      const total = this.switchesOf(pid, tid);
      if (total !== null) switches.push([pid, tid, total]);
    }
    return { t, threads, switches };
  }

  /** Closes every file. */
  close(): void {
    for (const reader of this.processes.values()) reader.close();
    this.processes.clear();
  }

  /** Descriptors held (nothing may stay open after close). */
  get openFiles(): number {
    return this.budget.held;
  }

  private switchesOf(pid: number, tid: number): number | null {
    const text = readProcText(`${this.root}/${pid}/task/${tid}/status`);
    if (text === null) return null;
    const status = parsePidStatus(text);
    if (status.voluntarySwitches === null || status.involuntarySwitches === null) return null;
    return status.voluntarySwitches + status.involuntarySwitches;
  }
}
