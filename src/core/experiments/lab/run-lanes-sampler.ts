import type { RunLanes, RunLanesUpdate } from '../../../shared/run-lanes';
import type { LoopDelay } from '../../../shared/task-lanes';
import { taskTraceSchema } from '../../../shared/task-lanes-schema';
import type { RawTaskTrace } from '../protocol/task-trace';
import { LaneBuilder } from './lane-builder';
import type { SliceBatch } from './helper-slices';
import { monotonicMs, type FromLaneLoop } from './lane-sampling-loop';
import { eachTick, type PackedTicks } from './lane-tick-codec';
import { NativeLaneLoop, laneSamplerBinary, type HelperEvent } from './native-lane-loop';
import { RunThreadsReader, type ThreadsTick } from './run-threads-reader';
import { combineLoopDelays, taskTraceOf } from './task-lanes';
import { ThreadLaneLoop } from './thread-lane-loop';

/**
 * Samples ONLY a run's own processes and threads (the host and the pids it reports), 22 times
 * a second, into lanes (RunThreadsReader says what is read). The ticks are taken off the main
 * thread, so the backend's main thread is not woken per tick: by the lab's native helper where
 * it was built (native-lane-loop.ts, the cheapest), which also slices them and sends finished
 * slices twice a second; else on a thread of their own (lane-sampling-loop.ts), which sleeps on
 * a futex between them and sends its ticks in batches for the lane builder here. Until either
 * is up, and if neither can start, the main thread samples on a timer instead.
 */

/** Where a sampler's ticks come from: the native helper, its thread, or the main thread. */
export type LaneSource = 'native' | 'thread' | 'main';

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
  /** Between ticks (default TICK_MS). */
  intervalMs?: number;
  updateMs?: number;
  procRoot?: string;
  /** Sample on the main thread only (no sampling thread, no helper). */
  mainThreadOnly?: boolean;
  /** Use the native helper when it was built (default true); false: the sampling thread. */
  native?: boolean;
  /** The helper program to run instead of the build's (tests compile the current source). */
  nativeBinary?: string;
}

/**
 * Between ticks: about 22 a second. The lanes need at least 20, and a reading in every 50 ms
 * slice; the margin keeps both when a busy machine wakes the sampler late and a grid point is
 * skipped (48 ms would save 7 % of the sampling's cost, and most of that margin).
 */
export const TICK_MS = 45;

/**
 * How often slices or ticks come over from the helper or thread, and updates go out: twice a
 * second, like the CPU chart. Each batch wakes the main thread, cold: four a second cost the lab
 * about 0.1 % of a core more than two (measured in the benchmark).
 */
const UPDATE_MS = 500;

/** How long stop() waits for the sampling thread's last look and closed files. */
const STOP_WAIT_MS = 2000;

/** Samples one run into lanes from start() until stop(). */
export class RunLanesSampler {
  private readonly builder: LaneBuilder;
  private readonly root: string;
  /** Slice 0 on CLOCK_MONOTONIC (Python's time.monotonic, and every thread's clock), ms. */
  private readonly monotonicT0 = monotonicMs();
  /** The main thread's reader: until the sampling thread's first ticks arrive, or without it. */
  private reader: RunThreadsReader | null;
  private loop: ThreadLaneLoop | null = null;
  private native: NativeLaneLoop | null = null;
  private sourceNow: LaneSource = 'main';
  /** Descriptors the sampling thread held when it stopped. */
  private loopOpenFiles = 0;
  private exited: Promise<unknown> = Promise.resolve();
  private pids: number[] = [];
  /** Thread names as the sampling thread sent them (it sends each only when new or changed). */
  private readonly loopNames = new Map<number, string>();
  private lastTick = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private lastUpdate = 0;
  private stopped: RunLanes | null = null;
  private rawTasks: RawTaskTrace | null = null;
  /** The newest interval's loop delay (live), every interval's, and the whole run's if sent. */
  private loopDelayNow: LoopDelay | null = null;
  private readonly loopDelays: LoopDelay[] = [];
  private loopDelayWhole: LoopDelay | null = null;
  private readonly pendingTurns: Readonly<Record<string, readonly [number, number][]>>[] = [];
  private resolveReady: (onThread: boolean) => void = () => undefined;
  /** Resolves true once the ticks come from the sampling thread, false if they never will. */
  readonly ready = new Promise<boolean>((resolve) => (this.resolveReady = resolve));

  constructor(private readonly options: RunLanesSamplerOptions) {
    this.root = options.procRoot ?? '/proc';
    this.reader = new RunThreadsReader(this.root);
    this.builder = new LaneBuilder({
      runId: options.runId,
      startedAt: Date.now(),
      python: options.python,
    });
  }

  /** The run's pids now (host first); pids no longer listed stop being read. */
  setPids(pids: readonly number[]): void {
    this.pids = [...pids];
    this.reader?.setPids(this.pids);
    this.loop?.setPids(this.pids);
    this.native?.setPids(this.pids);
  }

  /** Tasks done per worker now (from the host's progress report). */
  progress(workers: readonly { name: string; done: number }[]): void {
    this.builder.progress(this.now(), workers);
  }

  /**
   * Python threads' GIL turns ([start, end] ms on CLOCK_MONOTONIC per worker name), added at
   * stop(): the sampling thread's latest ticks, which may hold their lanes' first, are in by then.
   */
  turns(byWorker: Readonly<Record<string, readonly [number, number][]>>): void {
    this.pendingTurns.push(byWorker);
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

  /** Starts ticking: at once on this thread, then off it once the helper or thread is up. */
  start(): void {
    if (this.timer !== null || this.loop !== null || this.stopped !== null) return;
    this.sampleNow();
    this.schedule();
    if (this.options.mainThreadOnly === true) this.resolveReady(false);
    else if (this.options.native === false) this.startLoop();
    else void this.startNative();
  }

  /** Where the ticks come from now. */
  get source(): LaneSource {
    return this.sourceNow;
  }

  /** The native helper's pid while it samples (the benchmark reads its CPU time), else null. */
  get helperPid(): number | null {
    return this.native?.pid ?? null;
  }

  /** Sampling stopped, and the sampling thread (if any) has ended. */
  get closed(): Promise<void> {
    return this.exited.then(() => undefined);
  }

  /**
   * The next main-thread tick on the sampler's grid (t0 + k × interval), not `interval` after
   * this one: a late timer (a busy machine) is made up for, so the rate holds on average.
   */
  private schedule(): void {
    const interval = this.options.intervalMs ?? TICK_MS;
    let delay = interval - (this.now() % interval);
    // A timer fires up to a millisecond early (libuv counts whole ms): that is this grid point.
    if (delay < interval / 4) delay += interval;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sampleNow();
      if (this.stopped === null && this.reader !== null) this.schedule();
    }, delay);
    this.timer.unref();
  }

  private startLoop(): void {
    const settings = {
      pids: this.pids,
      t0: this.monotonicT0,
      intervalMs: this.options.intervalMs ?? TICK_MS,
      postMs: this.options.updateMs ?? UPDATE_MS,
      procRoot: this.root,
    };
    const loop = ThreadLaneLoop.start(settings, (message) => this.fromLoop(message));
    if (loop === null) {
      this.resolveReady(false); // the main thread goes on sampling
      return;
    }
    this.loop = loop;
    this.exited = loop.exited.then(() => {
      // The thread died while sampling: the main thread takes over again.
      if (this.loop !== loop || this.stopped !== null) return;
      this.loop = null;
      loop.close();
      this.sourceNow = 'main';
      this.resolveReady(false);
      this.restartMainSampling();
    });
  }

  /** The native helper, when built and trusted; else the sampling thread. */
  private async startNative(): Promise<void> {
    const binary = this.options.nativeBinary ?? (await laneSamplerBinary());
    if (this.stopped !== null) return;
    const intervalMs = this.options.intervalMs ?? TICK_MS;
    const postMs = this.options.updateMs ?? UPDATE_MS;
    const settings = { binary: binary ?? '', t0: this.monotonicT0, intervalMs, postMs };
    let native: NativeLaneLoop | null = null;
    try {
      native =
        binary === null
          ? null
          : NativeLaneLoop.start({ ...settings, pids: this.pids }, (e) => this.fromHelper(e));
    } catch {
      native = null; // spawn refused it outright: the sampling thread reads the lanes instead
    }
    if (native === null) {
      this.startLoop();
      return;
    }
    this.native = native;
    this.exited = native.exited.then(() => {
      // It died while sampling: the main thread takes over again (finish() lets go of it first).
      if (this.native !== native || this.stopped !== null) return;
      this.native = null;
      this.sourceNow = 'main';
      this.resolveReady(false);
      this.restartMainSampling();
    });
  }

  private fromHelper(event: HelperEvent): void {
    if (event.type === 'closed') this.loopOpenFiles = event.openFiles;
    else this.takeSlices(event.batch);
  }

  /** The sampling thread's ticks: the first batch ends the main thread's own sampling. */
  private fromLoop(message: FromLaneLoop): void {
    if (message.type === 'closed') this.loopOpenFiles = message.openFiles;
    else this.takeTicks(message.batch);
  }

  /** The sampling thread's batch of ticks, built into lanes here. */
  private takeTicks(batch: PackedTicks): void {
    this.endMainSampling('thread');
    eachTick(batch, this.loopNames, (tick) => this.apply(tick));
  }

  /** The helper's slices: a few characters per lane, twice a second. */
  private takeSlices(batch: SliceBatch): void {
    this.endMainSampling('native');
    for (const [tid, name] of batch.names) this.loopNames.set(tid, name);
    this.builder.addSlices(batch, (tid) => this.loopNames.get(tid) ?? '');
    if (batch.lastT === null) return;
    this.lastTick = Math.max(this.lastTick, batch.lastT);
    this.updateIfDue(batch.lastT);
  }

  /** The first batch from the helper or thread: the main thread stops sampling itself. */
  private endMainSampling(source: LaneSource): void {
    if (this.reader === null) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.reader.close();
    this.reader = null;
    this.sourceNow = source;
    this.resolveReady(true);
  }

  /** Main-thread sampling again, from a fresh reader (the helper or thread is gone). */
  private restartMainSampling(): void {
    if (this.reader !== null) return;
    this.restartReader();
    this.schedule();
  }

  /** One main-thread tick (before the sampling thread is up, or without it). */
  private sampleNow(): void {
    if (this.stopped !== null || this.reader === null) return;
    this.apply(this.reader.read(this.now()));
  }

  /** Adds one tick to the lanes (older ones, read on the other thread too, are skipped). */
  private apply(tick: ThreadsTick): void {
    if (tick.t <= this.lastTick) return;
    this.lastTick = tick.t;
    this.builder.tick(tick.t, tick.threads);
    this.updateIfDue(tick.t);
  }

  /** Sends the slices since the last update, at most every `updateMs`. */
  private updateIfDue(t: number): void {
    const { emit, updateMs } = this.options;
    if (emit === undefined || t - this.lastUpdate < (updateMs ?? UPDATE_MS)) return;
    this.lastUpdate = t;
    emit(this.update());
  }

  /** A main-thread reader for the last look, when the helper or thread could not take it. */
  private restartReader(): void {
    if (this.reader !== null) return;
    this.reader = new RunThreadsReader(this.root);
    this.reader.setPids(this.pids);
  }

  /**
   * Like stop(), after the native helper's last look and final ticks have arrived (it answers
   * through a pipe, so stop() alone cannot wait for them). Use this where the caller can wait.
   */
  async finish(
    gilDisabled: boolean | null = null,
    measured: { startedAt: number; wallMs: number } | null = null,
  ): Promise<RunLanes> {
    const native = this.native;
    if (native !== null && this.stopped === null) {
      this.native = null; // let go first: its exit is no longer a failure to take over from
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      if (!(await native.finish(STOP_WAIT_MS))) this.restartReader();
    }
    return this.stop(gilDisabled, measured);
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
    const loop = this.loop;
    this.loop = null;
    // A last look: called once the run's tree is gone, it ends every lane (their exit marks).
    // A thread stopped without one leaves it to the main thread.
    if (loop !== null && !loop.stop(STOP_WAIT_MS)) this.restartReader();
    if (this.native !== null) {
      // Not let go by finish(): its unsent ticks are lost, and the look below covers their span
      // (counters are cumulative, so the lanes only lose resolution there).
      this.native.kill();
      this.native = null;
      this.restartReader();
    }
    this.sampleNow();
    this.reader?.close();
    this.resolveReady(false);
    for (const byWorker of this.pendingTurns) {
      for (const [name, turns] of Object.entries(byWorker)) {
        const offset = this.monotonicT0;
        this.builder.turns(
          name,
          turns.map(([start, end]) => [start - offset, end - offset]),
        );
      }
    }
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
    return this.stopped;
  }

  /** Descriptors held (for tests: nothing may stay open after stop). */
  get openFiles(): number {
    return (this.reader?.openFiles ?? 0) + this.loopOpenFiles;
  }

  /** Ticks taken so far (for tests and the benchmark). */
  get ticks(): number {
    return this.builder.tickCount;
  }

  /** Slices were dropped (the run outlasted what a result keeps). */
  get truncated(): boolean {
    return this.builder.truncated;
  }

  private now(): number {
    return monotonicMs() - this.monotonicT0;
  }
}
