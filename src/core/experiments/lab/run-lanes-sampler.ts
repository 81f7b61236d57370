import { performance } from 'node:perf_hooks';
import type { RunLanes, RunLanesUpdate } from '../../../shared/run-lanes';
import { taskTraceSchema, type LoopDelay } from '../../../shared/task-lanes';
import type { RawTaskTrace } from '../protocol/task-trace';
import { listDir, openFileLimit, FdBudget, ProcFile } from '../../sampling/proc-file';
import { parsePidStat, parsePidStatus, parseSchedstat, readProcText } from '../../os/procfs';
import { LaneBuilder, type ThreadCounters } from './lane-builder';
import { combineLoopDelays, taskTraceOf } from './task-lanes';

/**
 * Samples ONLY a run's own processes and threads (the host and the pids it reports), 22 times
 * a second, into lanes: each thread's schedstat (time running, time waiting for a CPU) and,
 * about once a slice while it runs and once when it stops, its stat (state, name, field 39 =
 * the core). Every file stays open and is
 * re-read from position 0 (ProcFile): the cheapest way to poll /proc, so the run is not
 * disturbed. Context switches come from each thread's status, read about once a second.
 */

/** Settings of a sampler. */
export interface RunLanesSamplerOptions {
  runId: string;
  /** The run's workers are Python (names their process lanes). */
  python: boolean;
  /**
   * An async model's run: its lanes get a task trace and a loop delay (null when the model
   * reported none, e.g. with traceTasks off); other runs' lanes have neither field.
   */
  asyncTasks?: boolean;
  /** Gets the slices added since the last update, about every `updateMs`. */
  emit?: (update: RunLanesUpdate) => void;
  /** Between ticks; 45 ms is about 22 samples a second (timers fire late, never early). */
  intervalMs?: number;
  updateMs?: number;
  procRoot?: string;
}

interface TaskFiles {
  tid: number;
  sched: ProcFile;
  stat: ProcFile;
  schedText: string | null;
  counters: ThreadCounters | null;
  /** When stat was last read, and when schedstat last moved (sampler ms). */
  statAt: number;
  movedAt: number;
}

/** Descriptors one sampler may keep open: a run of hundreds of workers must not exhaust them. */
const FD_LIMIT = Math.max(64, Math.min(2048, Math.floor((openFileLimit() ?? 1024) / 4)));
const SWITCHES_EVERY_MS = 1000;
/**
 * A running thread's stat (its core) is read every other tick, about once per two slices: the
 * dearest read, and a thread seldom changes cores faster (the slice between keeps the last).
 */
const STAT_EVERY_MS = 85;

/** The threads of one process of the run, each task's files kept open. */
class ProcessTasks {
  private readonly stat: ProcFile;
  private readonly tasks = new Map<number, TaskFiles>();
  private listedCount = -1;

  constructor(
    readonly pid: number,
    private readonly root: string,
    private readonly budget: FdBudget,
  ) {
    this.stat = new ProcFile(`${root}/${pid}/stat`, budget);
  }

  /** Appends every live thread's counters; false once the process is gone. */
  read(t: number, out: ThreadCounters[], fresh: (pid: number, tid: number) => void): boolean {
    const text = this.stat.read();
    const stat = text === null ? null : parsePidStat(text);
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

  /** The live tids. */
  tids(): number[] {
    return [...this.tasks.keys()];
  }

  private rescan(fresh: (pid: number, tid: number) => void): void {
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
        schedText: null,
        counters: null,
        statAt: -Infinity,
        movedAt: -Infinity,
      });
      fresh(this.pid, tid);
    }
  }

  private readTask(task: TaskFiles, t: number): ThreadCounters | null {
    const text = task.sched.read();
    if (text === null) return null;
    const moved = text !== task.schedText;
    // stat is the dearer read: every other tick for a thread that keeps running (its core), and
    // once after it stops moving (is it waiting for a CPU or sleeping?), never while it sleeps.
    const needStat =
      task.counters === null ||
      (moved ? t - task.statAt >= STAT_EVERY_MS : task.statAt < task.movedAt);
    if (!moved && !needStat) return task.counters;
    const sched = moved ? parseSchedstat(text) : (task.counters?.sched ?? null);
    if (sched === null) return null;
    task.schedText = text;
    if (moved) task.movedAt = t;
    let { name, state, core } = task.counters ?? { name: '', state: 'S', core: null };
    if (needStat) {
      const statText = task.stat.read();
      const stat = statText === null ? null : parsePidStat(statText);
      if (stat === null) return null;
      task.statAt = t;
      ({ name, state } = stat);
      core = stat.processor;
    }
    task.counters = { pid: this.pid, tid: task.tid, name, sched, state, core };
    return task.counters;
  }

  private drop(task: TaskFiles): void {
    task.sched.close();
    task.stat.close();
    this.tasks.delete(task.tid);
  }
}

/** Samples one run into lanes from start() until stop(). */
export class RunLanesSampler {
  private readonly builder: LaneBuilder;
  private readonly budget = new FdBudget(FD_LIMIT);
  private readonly processes = new Map<number, ProcessTasks>();
  private readonly root: string;
  private readonly t0 = performance.now();
  /** The same instant on CLOCK_MONOTONIC (Python's time.monotonic), ms. */
  private readonly monotonicT0 = Number(process.hrtime.bigint()) / 1e6;
  private timer: NodeJS.Timeout | null = null;
  private lastUpdate = 0;
  private lastSwitches = -Infinity;
  private stopped: RunLanes | null = null;
  private rawTasks: RawTaskTrace | null = null;
  /** The newest interval's loop delay (live), every interval's, and the whole run's if sent. */
  private loopDelayNow: LoopDelay | null = null;
  private readonly loopDelays: LoopDelay[] = [];
  private loopDelayWhole: LoopDelay | null = null;

  constructor(private readonly options: RunLanesSamplerOptions) {
    this.root = options.procRoot ?? '/proc';
    this.builder = new LaneBuilder({
      runId: options.runId,
      startedAt: Date.now(),
      python: options.python,
    });
  }

  /** The run's pids now (host first); pids no longer listed stop being read. */
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

  /** Tasks done per worker now (from the host's progress report). */
  progress(workers: readonly { name: string; done: number }[]): void {
    this.builder.progress(this.now(), workers);
  }

  /** Python threads' GIL turns ([start, end] ms on CLOCK_MONOTONIC per worker name). */
  turns(byWorker: Readonly<Record<string, readonly [number, number][]>>): void {
    for (const [name, turns] of Object.entries(byWorker)) {
      const offset = this.monotonicT0;
      this.builder.turns(
        name,
        turns.map(([start, end]) => [start - offset, end - offset]),
      );
    }
  }

  /** An async model's tasks (CLOCK_MONOTONIC ms), kept with the lanes at stop(). */
  tasks(trace: RawTaskTrace): void {
    this.rawTasks = trace;
  }

  /** An async model's loop delay: an interval's (live), or with `wholeRun` the whole loop's. */
  loopDelay(delay: LoopDelay, wholeRun = false): void {
    if (wholeRun) {
      this.loopDelayWhole = delay;
      return;
    }
    this.loopDelayNow = delay;
    // One a second: even a run at the 600 s limit keeps few.
    if (this.loopDelays.length < 10_000) this.loopDelays.push(delay);
  }

  /** Starts ticking. */
  start(): void {
    if (this.timer !== null || this.stopped !== null) return;
    this.sampleNow();
    this.schedule();
  }

  /**
   * The next tick on the sampler's own grid (t0 + k × interval), not `interval` after this one:
   * a late timer (a busy machine) is made up for, so the rate holds on average.
   */
  private schedule(): void {
    const interval = this.options.intervalMs ?? 45;
    const delay = interval - (this.now() % interval);
    this.timer = setTimeout(() => {
      this.sampleNow();
      if (this.stopped === null) this.schedule();
    }, delay);
    this.timer.unref();
  }

  /** One tick: reads every thread of the run, and pushes an update when one is due. */
  sampleNow(): void {
    if (this.stopped !== null) return;
    const t = this.now();
    const threads: ThreadCounters[] = [];
    const fresh: [number, number][] = [];
    for (const [pid, reader] of this.processes) {
      if (!reader.read(t, threads, (p, tid) => fresh.push([p, tid]))) {
        reader.close();
        this.processes.delete(pid);
      }
    }
    this.builder.tick(t, threads);
    if (t - this.lastSwitches >= SWITCHES_EVERY_MS) {
      this.lastSwitches = t;
      for (const reader of this.processes.values()) {
        for (const tid of reader.tids()) this.readSwitches(reader.pid, tid);
      }
    } else {
      for (const [pid, tid] of fresh) this.readSwitches(pid, tid);
    }
    if (this.options.emit !== undefined && t - this.lastUpdate >= (this.options.updateMs ?? 250)) {
      this.lastUpdate = t;
      this.options.emit(this.update());
    }
  }

  /** The slices since the last update, with the latest loop delay once there is one. */
  private update(): RunLanesUpdate {
    const update = this.builder.takeUpdate();
    return this.loopDelayNow === null ? update : { ...update, loopDelay: this.loopDelayNow };
  }

  /** The task trace and loop delay an async run keeps (null where the model reported none). */
  private asyncFields(lanes: RunLanes): Pick<RunLanes, 'taskTrace' | 'loopDelay'> {
    if (this.options.asyncTasks !== true) return {};
    const ids = new Set(lanes.lanes.map((lane) => lane.id));
    const trace = this.rawTasks === null ? null : taskTraceOf(this.rawTasks, this.monotonicT0, ids);
    // A trace a model got wrong is left out rather than kept unreadable.
    const taskTrace = trace !== null && taskTraceSchema.safeParse(trace).success ? trace : null;
    return { taskTrace, loopDelay: this.loopDelayWhole ?? combineLoopDelays(this.loopDelays) };
  }

  /**
   * Stops, closes every file and returns the whole lanes (kept with the result). `gilDisabled`
   * is the Python interpreter's answer, null off Python. With `measured` (the host's measured
   * interval, epoch ms), the overlap share covers that interval only, as its cores busy does.
   */
  stop(
    gilDisabled: boolean | null = null,
    measured: { startedAt: number; wallMs: number } | null = null,
  ): RunLanes {
    if (this.stopped !== null) return this.stopped;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    // A last look: called once the run's tree is gone, it ends every lane (their exit marks).
    this.sampleNow();
    const t = this.now();
    const seconds = t / 1000;
    const perSec = seconds > 0 ? this.builder.tickCount / seconds : 0;
    // One slice past the last look, so lanes that ended in its slice still show their exit.
    const end = t + this.builder.sliceMs;
    const lanes = this.builder.finish(end, gilDisabled, Math.round(perSec * 10) / 10);
    const from = measured === null ? null : measured.startedAt - lanes.startedAt;
    const within =
      measured === null || from === null
        ? null
        : this.builder.overlapShareBetween(from, from + measured.wallMs);
    this.stopped = {
      ...lanes,
      ...(within === null ? {} : { overlapShare: within }),
      ...this.asyncFields(lanes),
    };
    // The slices since the last update go out too, so a live view ends where the result does.
    this.options.emit?.(this.update());
    for (const reader of this.processes.values()) reader.close();
    this.processes.clear();
    return this.stopped;
  }

  /** Descriptors held (for tests: nothing may stay open after stop). */
  get openFiles(): number {
    return this.budget.held;
  }

  /** Slices were dropped (the run outlasted what a result keeps). */
  get truncated(): boolean {
    return this.builder.truncated;
  }

  private now(): number {
    return performance.now() - this.t0;
  }

  private readSwitches(pid: number, tid: number): void {
    const text = readProcText(`${this.root}/${pid}/task/${tid}/status`);
    if (text === null) return;
    const status = parsePidStatus(text);
    if (status.voluntarySwitches === null || status.involuntarySwitches === null) return;
    this.builder.switches(pid, tid, status.voluntarySwitches + status.involuntarySwitches);
  }
}
