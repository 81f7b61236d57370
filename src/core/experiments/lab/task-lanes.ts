import {
  MAX_EXPANDABLE_TASKS,
  MAX_TASK_LANES,
  type LoopDelay,
  type TaskLane,
  type TaskTrace,
} from '../../../shared/task-lanes';
import type { RawTask, RawTaskTrace } from '../protocol/task-trace';

/**
 * Turns an async model's raw task trace (CLOCK_MONOTONIC ms, one entry per task) into the
 * task lanes a result keeps: ms from the run's slice 0, at most MAX_TASK_LANES lanes, each a
 * task or a group of consecutive tasks whose turns are merged. Model-agnostic: Node's loop,
 * asyncio and gevent report the same shape.
 */

/** Kept times are rounded to a microsecond: finer is noise, and results stay small. */
const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Sorted turns with touching or overlapping ones joined. */
function mergeTurns(turns: [number, number][]): [number, number][] {
  const sorted = [...turns].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function laneOf(group: RawTask[], offset: number): TaskLane {
  const first = group[0];
  const last = group[group.length - 1];
  const name =
    group.length === 1 || first === undefined || last === undefined
      ? `task ${(first?.index ?? 0) + 1}`
      : `tasks ${first.index + 1}–${last.index + 1}`;
  const turns: [number, number][] = [];
  let created = Infinity;
  let finished: number | null = -Infinity;
  for (const task of group) {
    for (const [start, end] of task.turns) turns.push([round(start - offset), round(end - offset)]);
    created = Math.min(created, task.life[0]);
    const end = task.life[1];
    // A group has finished only once every task in it has.
    finished = end === null || finished === null ? null : Math.max(finished, end);
  }
  return {
    name,
    taskCount: group.length,
    turns: mergeTurns(turns),
    life: [round(created - offset), finished === null ? null : round(finished - offset)],
  };
}

/**
 * The kept trace of `raw`. `monotonicT0` is slice 0 on CLOCK_MONOTONIC (ms); `laneIds` the
 * ids of the run's lanes, so the tasks' thread is named only when the sampler saw it.
 */
export function taskTraceOf(
  raw: RawTaskTrace,
  monotonicT0: number,
  laneIds: ReadonlySet<string>,
  maxLanes = MAX_TASK_LANES,
): TaskTrace {
  const tasks = [...raw.tasks].sort((a, b) => a.index - b.index);
  const perLane = Math.max(1, Math.ceil(tasks.length / Math.max(1, maxLanes)));
  const lanes: TaskLane[] = [];
  // Groups keep their tasks one by one too (a group can then be opened), where that stays small.
  const expandable = perLane > 1 && tasks.length <= MAX_EXPANDABLE_TASKS;
  for (let i = 0; i < tasks.length; i += perLane) {
    const group = tasks.slice(i, i + perLane);
    const lane = laneOf(group, monotonicT0);
    if (expandable && group.length > 1) {
      lane.members = group.map((task) => laneOf([task], monotonicT0));
    }
    lanes.push(lane);
  }
  const laneId = raw.tid === null ? null : `${raw.pid}:${raw.tid}`;
  return {
    runtime: raw.runtime,
    threadLaneId: laneId !== null && laneIds.has(laneId) ? laneId : null,
    lanes,
    taskTotal: Math.max(raw.taskTotal, tasks.length),
    taskSwitches: raw.taskSwitches,
    truncated: raw.truncated,
  };
}

/**
 * A whole run's loop delay from its interval reports, where the model sent no whole-run figure:
 * the count-weighted mean of the medians, the largest p99 (an upper bound) and the maximum.
 */
export function combineLoopDelays(intervals: readonly LoopDelay[]): LoopDelay | null {
  const counted = intervals.filter((d) => d.count > 0);
  if (counted.length === 0) return null;
  const count = counted.reduce((sum, d) => sum + d.count, 0);
  return {
    p50Ms: counted.reduce((sum, d) => sum + d.p50Ms * d.count, 0) / count,
    p99Ms: Math.max(...counted.map((d) => d.p99Ms)),
    maxMs: Math.max(...counted.map((d) => d.maxMs)),
    count,
  };
}
