import { FdBudget, ProcFile, listDir, openFileLimit } from '../../sampling/proc-file';
import type { ThreadCounters } from './lane-builder';
import { schedstatFromBytes, statFromBytes } from './proc-bytes';

/**
 * Reads a run's own threads for the lanes, one tick at a time: each thread's schedstat (time
 * running, time waiting for a CPU) every tick and, about once a slice while it runs and once
 * when it stops, its stat (state, name, field 39 = the core). Every file stays open and is read
 * with one pread into a reused buffer, parsed as bytes: the cheapest way to poll /proc, so the
 * run is not disturbed. Context switches come from schedstat's third field (times the thread got a
 * CPU), so no other file is read.
 *
 * Each tick follows a 45 ms sleep, and on these virtual machines a tick costs about ten times
 * what the same work costs back to back (caches and branch history are cold after the sleep):
 * what a tick touches counts more than its instructions, hence no allocation per thread unless
 * something changed.
 */

/** Descriptors one reader may keep open: a run of hundreds of workers must not exhaust them. */
const FD_LIMIT = Math.max(64, Math.min(2048, Math.floor((openFileLimit() ?? 1024) / 4)));
/**
 * A running thread's stat (its core) is read about every fourth tick, once per four slices: the
 * dearest read (twice schedstat), and the slices between keep the core last read. Which core a
 * thread ran on is a sample even when read every tick (field 39 is the last core only).
 * The native helper (lane-sampler.c) reads a thread settled on one core less often still,
 * checking its allowed CPUs in between; Node has no sched_getaffinity, so this fallback does not.
 */
export const STAT_EVERY_MS = 175;
/**
 * A new thread's stat is read on every tick of its first 400 ms: threads name themselves just
 * after they start (a worker becomes "io-async" when told its role), and a short run can end
 * before the every-fourth-tick rule would read the new name, leaving the lane under its
 * parent's name.
 */
const NEW_THREAD_STAT_MS = 400;

/** One tick's reading: every live thread. */
export interface ThreadsTick {
  t: number;
  threads: ThreadCounters[];
}

/** /proc files are small: stat is under 400 bytes, schedstat under 64. */
const buffer = Buffer.allocUnsafe(4096);

interface Task {
  tid: number;
  sched: ProcFile;
  stat: ProcFile;
  nameBytes: Buffer;
  counters: ThreadCounters | null;
  /** When stat was last read, and when schedstat last moved (reader ms). */
  statAt: number;
  movedAt: number;
  /** When it was first listed (reader ms): stat is read every tick for a while after. */
  firstSeenAt: number;
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

  /** Appends every live thread's counters; false once the process is gone. */
  read(t: number, out: ThreadCounters[]): boolean {
    const length = this.stat.readInto(buffer);
    const stat = length < 0 ? null : statFromBytes(buffer, length);
    if (stat === null) return false;
    if (stat.threads !== this.listedCount) this.rescan();
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

  private rescan(): void {
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
        nameBytes: Buffer.alloc(0),
        counters: null,
        statAt: -Infinity,
        movedAt: -Infinity,
        firstSeenAt: Number.NaN,
      });
    }
  }

  private readTask(task: Task, t: number): ThreadCounters | null {
    const length = task.sched.readInto(buffer);
    if (length < 0) return null;
    const sched = schedstatFromBytes(buffer, length);
    if (sched === null) return null;
    const last = task.counters?.sched;
    const moved =
      last === undefined ||
      last.runNs !== sched.runNs ||
      last.waitNs !== sched.waitNs ||
      last.timeslices !== sched.timeslices;
    // stat is the dearer read: every fourth tick for a thread that keeps running (its core),
    // and once after it stops moving (is it waiting for a CPU or sleeping?), never while it sleeps.
    if (Number.isNaN(task.firstSeenAt)) task.firstSeenAt = t;
    const needStat =
      t - task.firstSeenAt < NEW_THREAD_STAT_MS ||
      (moved ? t - task.statAt >= STAT_EVERY_MS : task.statAt < task.movedAt);
    if (!moved && !needStat) return task.counters;
    if (moved) task.movedAt = t;
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

  /** One tick at `t` ms: every live thread of the run's processes. */
  read(t: number): ThreadsTick {
    const threads: ThreadCounters[] = [];
    for (const [pid, reader] of this.processes) {
      if (!reader.read(t, threads)) {
        reader.close();
        this.processes.delete(pid);
      }
    }
    return { t, threads };
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
}
