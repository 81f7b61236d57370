import {
  LANE_SLICE_MS,
  LANE_STATE_CHARS,
  coreChar,
  type Lane,
  type LaneKind,
  type LaneTasks,
  type RunLanes,
  type RunLanesUpdate,
} from '../../../shared/run-lanes';
import type { Schedstat } from '../../os/procfs';
import type { SliceBatch } from './helper-slices';
import { clampTo, emptySlice, overlapOf, stateChar, type SliceAcc } from './lane-slices';

/**
 * Builds a run's lanes from its threads' cumulative schedstat counters, sampled many times a
 * second: each interval's running and waiting time is spread over the 50 ms slices it covers,
 * and a slice becomes one state character (the largest of running, ready, blocked) and one
 * core character once every interval that covers it is in. Pure: times come from the caller.
 */

/** One thread as read at one tick. */
export interface ThreadCounters {
  pid: number;
  tid: number;
  name: string;
  sched: Schedstat;
  /** stat's state letter ('R' runnable, 'S' sleeping, …). */
  state: string;
  /** stat field 39: the core it last ran on. */
  core: number | null;
}

/** Settings of a builder. */
export interface LaneBuilderOptions {
  runId: string;
  /** Wall-clock time of slice 0, ms since the epoch. */
  startedAt: number;
  /** Worker processes run Python (their lanes are 'python-process'). */
  python: boolean;
  sliceMs?: number;
  maxLanes?: number;
  maxSlices?: number;
}

interface LaneAcc {
  lane: Lane;
  /** Counters at its last tick, copied (callers may reuse their objects between ticks). */
  last: Schedstat | null;
  lastT: number;
  inferredWaitNs: number;
  /** Slices from `completed` on, not yet turned into characters. */
  pending: SliceAcc[];
  gone: boolean;
  /** The tick that last listed it. */
  seenTick: number;
  /** schedstat's count of times on a CPU when the lane began (0 if born within the run). */
  switchesBase: number;
}

/** 2048 lanes and 10 minutes of 50 ms slices: what a kept result may hold. */
export const MAX_LANES = 2048;
export const MAX_SLICES = 12_000;
/** Heartbeat turns kept per lane. */
export const MAX_TURNS = 20_000;

/**
 * The kind of a lane from its thread's name (as the host and the script name them). A thread
 * started after its process was renamed inherits the name (Python's pool handler threads are
 * 'py-main' too), so process names only count on a process's main thread.
 */
export function laneKindOf(name: string, isMain: boolean, python: boolean): LaneKind {
  if (/-w\d+$/.test(name)) return 'worker-thread';
  if (/-t\d+$/.test(name)) return 'python-thread';
  if (name.startsWith('libuv-')) return 'libuv';
  if (!isMain) return 'other';
  if (name === 'exp-host') return 'host';
  if (name === 'py-main') return 'python-main';
  if (/-p\d+$/.test(name)) return python ? 'python-process' : 'worker-process';
  if (python && /-(seq|asyncio|gevent)$/.test(name)) return 'python-main';
  return 'other';
}

/** Accumulates ticks into lanes; see the file comment. */
export class LaneBuilder {
  readonly sliceMs: number;
  /** By tid: a tid names one thread machine-wide while it lives (a reuse starts no new lane). */
  private readonly lanes = new Map<number, LaneAcc>();
  private readonly maxLanes: number;
  private readonly maxSlices: number;
  /** Slices already turned into characters. */
  private completed = 0;
  private emitted = 0;
  /** Running time summed over the lanes, per completed slice, ms. */
  private readonly sliceRunMs: number[] = [];
  private overlapSum = 0;
  private lastTick: number | null = null;
  private ticks = 0;
  private readonly tasks = new Map<string, [number, number][]>();
  /** Slices were dropped beyond maxSlices, or lanes beyond maxLanes. */
  truncated = false;

  constructor(private readonly options: LaneBuilderOptions) {
    this.sliceMs = options.sliceMs ?? LANE_SLICE_MS;
    this.maxLanes = options.maxLanes ?? MAX_LANES;
    this.maxSlices = options.maxSlices ?? MAX_SLICES;
  }

  /**
   * One sampling tick at `t` ms after slice 0: every thread alive now. A lane missing from a
   * tick has ended (its last slice is the one of its last tick).
   */
  tick(t: number, threads: readonly ThreadCounters[]): void {
    const previous = this.lastTick;
    const tick = this.ticks + 1;
    for (const thread of threads) {
      let acc = this.lanes.get(thread.tid);
      if (acc === undefined) {
        if (this.lanes.size >= this.maxLanes) {
          this.truncated = true;
          continue;
        }
        acc = this.addLane(thread, t, previous);
      }
      // A reused tid (another thread, or the same after a gap): its old lane stays ended.
      if (acc.gone || acc.lane.pid !== thread.pid) continue;
      acc.seenTick = tick;
      this.advance(acc, thread, t);
    }
    for (const acc of this.lanes.values()) if (acc.seenTick !== tick) acc.gone = true;
    this.lastTick = t;
    this.ticks = tick;
    this.finalize(Math.floor(t / this.sliceMs));
  }

  /**
   * Slices the native helper finished (it slices its ticks as tick() does). The main thread
   * samples until the helper's first batch: slices finished here already stay, and from then on
   * the helper's count (the main thread's unfinished ones are dropped). Each lane takes the
   * helper's counters at its last tick, so tick() can go on from there if the helper dies.
   */
  addSlices(batch: SliceBatch, nameOf: (tid: number) => string): void {
    const skip = Math.max(0, this.completed - batch.fromSlice);
    const given = Math.max(0, batch.toSlice - batch.fromSlice - skip);
    const room = Math.max(0, Math.min(given, this.maxSlices - this.completed));
    if (room < given) this.truncated = true;
    for (const sliced of batch.lanes) {
      let acc = this.lanes.get(sliced.tid);
      if (acc === undefined) {
        if (this.lanes.size >= this.maxLanes) {
          this.truncated = true;
          continue;
        }
        acc = this.newLane(sliced.pid, sliced.tid, nameOf(sliced.tid), sliced.last?.t ?? 0);
      }
      if (acc.lane.pid !== sliced.pid) continue; // a reused tid: the old lane stays as it ended
      this.rename(acc, nameOf(sliced.tid));
      acc.lane.states += sliced.states.slice(skip, skip + room);
      acc.lane.cores += sliced.cores.slice(skip, skip + room);
      acc.lane.contextSwitches = sliced.contextSwitches;
      acc.gone = sliced.ended;
      acc.pending = [];
      const last = sliced.last;
      acc.last =
        last === null
          ? null
          : { runNs: last.runNs, waitNs: last.waitNs, timeslices: sliced.timeslices };
      acc.lastT = last?.t ?? acc.lastT;
      acc.inferredWaitNs = last?.inferredWaitNs ?? 0;
      // Its switches so far are the helper's count: the main thread's go on from the same base.
      acc.switchesBase = sliced.timeslices - sliced.contextSwitches;
    }
    // Lanes the helper no longer lists have ended: absent from here on.
    const length = this.completed + room;
    for (const acc of this.lanes.values()) {
      if (acc.lane.states.length >= length) continue;
      acc.gone = true;
      acc.pending = [];
      acc.lane.states = acc.lane.states.padEnd(length, LANE_STATE_CHARS.absent);
      acc.lane.cores = acc.lane.cores.padEnd(length, '.');
    }
    for (let i = skip; i < skip + room; i += 1) {
      const runMs = batch.runMs[i] ?? 0;
      this.sliceRunMs.push(runMs);
      this.overlapSum += overlapOf(runMs, this.sliceMs);
    }
    this.completed += room;
    this.ticks += batch.ticks;
    if (batch.lastT !== null) this.lastTick = Math.max(this.lastTick ?? batch.lastT, batch.lastT);
  }

  /** A thread renamed itself (workers name themselves once started): its kind may change. */
  private rename(acc: LaneAcc, name: string): void {
    if (name === '' || acc.lane.name === name) return;
    acc.lane.name = name;
    acc.lane.kind = laneKindOf(name, acc.lane.pid === acc.lane.tid, this.options.python);
  }

  /**
   * A Python thread's exact turns holding the GIL, [start, end] ms from slice 0 (from its
   * heartbeats), kept with its lane; at most MAX_TURNS.
   */
  turns(name: string, turns: readonly (readonly [number, number])[]): void {
    const acc = [...this.lanes.values()].find(
      ({ lane }) => lane.name === name && lane.kind === 'python-thread',
    );
    if (acc === undefined) return;
    const round = (ms: number): number => Math.round(Math.max(0, ms) * 100) / 100;
    acc.lane.turns = turns
      .slice(0, MAX_TURNS)
      .map(([start, end]): [number, number] => [round(start), round(Math.max(start, end))]);
  }

  /** Tasks done per worker at `t` ms (from the host's progress reports). */
  progress(t: number, workers: readonly { name: string; done: number }[]): void {
    const slice = Math.max(0, Math.floor(t / this.sliceMs));
    for (const { name, done } of workers) {
      let points = this.tasks.get(name);
      if (points === undefined) {
        if (this.tasks.size >= this.maxLanes) continue;
        points = [];
        this.tasks.set(name, points);
      }
      const last = points.at(-1);
      if (last !== undefined && last[1] === done) continue;
      if (last !== undefined && last[0] === slice) last[1] = done;
      else if (points.length < this.maxSlices) points.push([slice, done]);
    }
  }

  /** The slices completed since the last update, every lane listed. */
  takeUpdate(): RunLanesUpdate {
    const from = this.emitted;
    const to = this.completed;
    this.emitted = to;
    let runMs = 0;
    for (let i = from; i < to; i += 1) runMs += this.sliceRunMs[i] ?? 0;
    const span = (to - from) * this.sliceMs;
    return {
      runId: this.options.runId,
      sliceMs: this.sliceMs,
      startedAt: this.options.startedAt,
      fromSlice: from,
      // Turns arrive at the end of a run and go with its result, not in every update.
      lanes: [...this.lanes.values()].map(({ lane: { turns: _turns, ...lane } }) => ({
        ...lane,
        states: lane.states.slice(from, to),
        cores: lane.cores.slice(from, to),
      })),
      tasks: [...this.tasks].map(([name, points]) => ({ name, done: points.at(-1)?.[1] ?? 0 })),
      coresBusyNow: span > 0 ? runMs / span : 0,
      overlapShare: this.overlapShare(),
    };
  }

  /** Ends the lanes at `t` (the partial last slice included) and returns them whole. */
  finish(t: number, gilDisabled: boolean | null, samplesPerSec: number): RunLanes {
    if (this.lastTick !== null) this.finalize(Math.ceil(Math.max(t, this.lastTick) / this.sliceMs));
    const tasks: LaneTasks[] = [...this.tasks].map(([name, points]) => ({ name, points }));
    return {
      runId: this.options.runId,
      sliceMs: this.sliceMs,
      startedAt: this.options.startedAt,
      lanes: [...this.lanes.values()].map(({ lane }) => ({ ...lane })),
      tasks,
      overlapShare: this.overlapShare(),
      gilDisabled,
      samplesPerSec,
    };
  }

  /** Ticks taken so far. */
  get tickCount(): number {
    return this.ticks;
  }

  /** Slices turned into characters so far. */
  get sliceCount(): number {
    return this.completed;
  }

  private overlapShare(): number {
    return this.completed > 0 ? Math.min(1, Math.max(0, this.overlapSum / this.completed)) : 0;
  }

  /**
   * The overlap share over the slices between `fromMs` and `toMs` (ms from slice 0): the run as
   * measured, without the workers' start-up before it or the wind-down after. Null when no
   * completed slice falls in the window.
   */
  overlapShareBetween(fromMs: number, toMs: number): number | null {
    const first = Math.max(0, Math.floor(fromMs / this.sliceMs));
    const end = Math.min(this.completed, Math.ceil(toMs / this.sliceMs));
    if (end <= first) return null;
    let sum = 0;
    for (let i = first; i < end; i += 1) sum += overlapOf(this.sliceRunMs[i] ?? 0, this.sliceMs);
    return sum / (end - first);
  }

  /** A lane absent until now, from its first sight at `t`. */
  private newLane(pid: number, tid: number, name: string, t: number): LaneAcc {
    const acc: LaneAcc = {
      lane: {
        id: `${pid}:${tid}`,
        pid,
        tid,
        name,
        kind: laneKindOf(name, pid === tid, this.options.python),
        states: LANE_STATE_CHARS.absent.repeat(this.completed),
        cores: '.'.repeat(this.completed),
        contextSwitches: null,
      },
      last: null,
      lastT: t,
      inferredWaitNs: 0,
      pending: [],
      gone: false,
      seenTick: 0,
      switchesBase: 0,
    };
    this.lanes.set(tid, acc);
    return acc;
  }

  private addLane(thread: ThreadCounters, t: number, previous: number | null): LaneAcc {
    const acc = this.newLane(thread.pid, thread.tid, thread.name, t);
    acc.switchesBase = thread.sched.timeslices;
    // Born since the last tick and already on a CPU (its whole life fits the interval): it
    // starts from zero there. Otherwise it starts now: not run yet, or there before the sampler
    // saw it (its counters so far are not this run's).
    const span = previous === null ? 0 : (t - previous) * 1e6;
    const used = thread.sched.runNs + thread.sched.waitNs;
    if (previous !== null && used > 0 && used <= span) {
      acc.last = { runNs: 0, waitNs: 0, timeslices: 0 };
      acc.lastT = previous;
      acc.switchesBase = 0;
    }
    return acc;
  }

  private advance(acc: LaneAcc, thread: ThreadCounters, t: number): void {
    const before = acc.last;
    const beforeRunNs = before?.runNs ?? 0;
    const beforeWaitNs = before?.waitNs ?? 0;
    this.rename(acc, thread.name);
    if (before === null) acc.last = { ...thread.sched };
    else Object.assign(before, thread.sched);
    // Each time on a CPU ends in a switch away (or is the one going on now): the kernel's
    // voluntary + involuntary count, give or take the current one, with no extra file read.
    acc.lane.contextSwitches = Math.max(0, thread.sched.timeslices - acc.switchesBase);
    const from = acc.lastT;
    acc.lastT = t;
    if (before === null || t <= from) {
      this.spread(acc, t, t, 0, 0, thread.core, false);
      return;
    }
    const elapsedMs = t - from;
    const unchanged = beforeRunNs === thread.sched.runNs && beforeWaitNs === thread.sched.waitNs;
    let runMs = 0;
    let readyMs = 0;
    if (unchanged) {
      // The kernel adds run-queue waiting only when the thread gets a CPU: a thread runnable
      // now that did not move has waited the interval (taken off its next delta). One
      // sleeping now slept throughout: it cannot have gone to sleep without running.
      if (thread.state === 'R') {
        readyMs = elapsedMs;
        acc.inferredWaitNs += elapsedMs * 1e6;
      }
    } else {
      // As threadDeltas splits an interval, without its objects: this runs for every thread of
      // a run 22 times a second, and its garbage was most of the lab's collections meanwhile.
      const waited = thread.sched.waitNs - beforeWaitNs;
      const waitedNew = Math.max(0, waited - acc.inferredWaitNs);
      acc.inferredWaitNs = Math.max(0, acc.inferredWaitNs - waited);
      runMs = clampTo((thread.sched.runNs - beforeRunNs) / 1e6, elapsedMs);
      readyMs = clampTo(waitedNew / 1e6, elapsedMs - runMs);
    }
    this.spread(acc, from, t, runMs, readyMs, thread.core, runMs > 0);
  }

  /** Adds an interval [from, to] to the slices it covers, in proportion to the overlap. */
  private spread(
    acc: LaneAcc,
    from: number,
    to: number,
    runMs: number,
    readyMs: number,
    core: number | null,
    ran: boolean,
  ): void {
    const length = to - from;
    const first = Math.max(this.completed, Math.floor(from / this.sliceMs));
    const last = Math.max(first, Math.ceil(to / this.sliceMs) - 1);
    for (let slice = first; slice <= last; slice += 1) {
      const index = slice - this.completed;
      if (index >= this.maxSlices) break;
      while (acc.pending.length <= index) acc.pending.push(emptySlice());
      const s = acc.pending[index] as SliceAcc;
      const start = Math.max(from, slice * this.sliceMs);
      const end = Math.min(to, (slice + 1) * this.sliceMs);
      const share = length > 0 ? Math.max(0, end - start) / length : 0;
      s.runMs += runMs * share;
      s.readyMs += readyMs * share;
      // A zero-length interval (a lane's first sight) still marks it alive in its slice.
      s.aliveMs += length > 0 ? Math.max(0, end - start) : 1e-6;
      if (ran || s.core === null || !s.ran) {
        s.core = core;
        s.ran ||= ran;
      }
    }
  }

  /** Turns slices before `upTo` into characters. */
  private finalize(upTo: number): void {
    const end = Math.min(upTo, this.maxSlices);
    if (upTo > this.maxSlices) this.truncated = true;
    for (; this.completed < end; this.completed += 1) {
      let runMs = 0;
      for (const acc of this.lanes.values()) {
        const s = acc.pending.shift() ?? emptySlice();
        runMs += Math.min(s.runMs, this.sliceMs);
        acc.lane.states += stateChar(s);
        acc.lane.cores += s.aliveMs > 0 ? coreChar(s.core) : '.';
      }
      this.sliceRunMs.push(runMs);
      this.overlapSum += overlapOf(runMs, this.sliceMs);
    }
  }
}
