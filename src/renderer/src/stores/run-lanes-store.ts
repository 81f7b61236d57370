import type { Lane, LaneTasks, RunLanes, RunLanesUpdate } from '../../../shared/run-lanes';

/** Slices kept per lane: 10 minutes at 50 ms (the longest a run may last); later ones dropped. */
export const MAX_LANE_SLICES = 12_000;
/** Lanes kept per run; a run with more (one thread per task) keeps its first ones. */
export const MAX_LANES = 512;
/** Points kept per worker's tasks line. */
const MAX_TASK_POINTS = MAX_LANE_SLICES;

/** What the live run panel reads: the run so far, plus the figures only a live update has. */
export interface LiveRunLanes extends RunLanes {
  /** Cores the run kept busy over the last update. */
  coresBusyNow: number;
  /** Slices drawn so far (the longest lane). */
  slices: number;
}

/**
 * The running run's lanes, grown from 'experiment:lanes' updates (each carries only the new
 * slices). Streams apply updates without touching React; the panel subscribes and reads once
 * per frame. Bounded: lanes, slices and task points all stop growing at a cap.
 */
export class RunLanesStore {
  private run: LiveRunLanes | null = null;
  private readonly byId = new Map<string, Lane>();
  private readonly tasksByName = new Map<string, LaneTasks>();
  private readonly listeners = new Set<() => void>();
  private changes = 0;

  /** Bumped on every change; a view compares it to skip work when nothing changed. */
  get version(): number {
    return this.changes;
  }

  /** Adds one update; an update of another run starts over with that run. */
  apply(update: RunLanesUpdate): void {
    if (this.run?.runId !== update.runId) this.reset(update);
    const run = this.run;
    if (run === null) return;
    let slices = run.slices;
    for (const incoming of update.lanes) {
      let lane = this.byId.get(incoming.id);
      if (lane === undefined) {
        if (this.byId.size >= MAX_LANES) continue;
        lane = { ...incoming, states: '', cores: '' };
        this.byId.set(lane.id, lane);
        run.lanes.push(lane);
      }
      lane.name = incoming.name;
      lane.contextSwitches = incoming.contextSwitches;
      lane.states = spliceAt(lane.states, update.fromSlice, incoming.states, '-');
      lane.cores = spliceAt(lane.cores, update.fromSlice, incoming.cores, '.');
      slices = Math.max(slices, lane.states.length);
    }
    // A worker's count belongs to the last slice this update brought.
    const at = Math.max(0, Math.min(slices, MAX_LANE_SLICES) - 1);
    for (const { name, done } of update.tasks) {
      let tasks = this.tasksByName.get(name);
      if (tasks === undefined) {
        if (this.tasksByName.size >= MAX_LANES) continue;
        tasks = { name, points: [] };
        this.tasksByName.set(name, tasks);
        run.tasks.push(tasks);
      }
      const last = tasks.points.at(-1);
      if (last !== undefined && last[0] === at) last[1] = done;
      else if (last?.[1] !== done && tasks.points.length < MAX_TASK_POINTS) {
        tasks.points.push([at, done]);
      }
    }
    run.slices = slices;
    run.coresBusyNow = update.coresBusyNow;
    run.overlapShare = update.overlapShare;
    // An async run's loop delay over the last second; updates without it keep the last one.
    if (update.loopDelay !== undefined) run.loopDelay = update.loopDelay;
    this.changed();
  }

  /** The run so far (the same object, mutated in place), or null before any update. */
  current(): LiveRunLanes | null {
    return this.run;
  }

  /** Forgets the run. */
  clear(): void {
    this.run = null;
    this.byId.clear();
    this.tasksByName.clear();
    this.changed();
  }

  /** Calls `listener` after every change; returns how to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private reset(update: RunLanesUpdate): void {
    this.byId.clear();
    this.tasksByName.clear();
    this.run = {
      runId: update.runId,
      sliceMs: update.sliceMs,
      startedAt: update.startedAt,
      lanes: [],
      tasks: [],
      overlapShare: 0,
      gilDisabled: null,
      samplesPerSec: 0,
      coresBusyNow: 0,
      slices: 0,
      loopDelay: null,
    };
  }

  private changed(): void {
    this.changes += 1;
    for (const listener of this.listeners) listener();
  }
}

/**
 * `text` written into `into` from index `from`: a gap before it is padded with `pad`, whatever
 * was there from `from` on is replaced (a re-sent slice), and the whole stays within the cap.
 */
export function spliceAt(into: string, from: number, text: string, pad: string): string {
  const start = Math.min(from, MAX_LANE_SLICES);
  const head = into.length >= start ? into.slice(0, start) : into + pad.repeat(start - into.length);
  return (head + text).slice(0, MAX_LANE_SLICES);
}
