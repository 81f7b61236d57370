import { describe, expect, it } from 'vitest';
import { combineLoopDelays, taskTraceOf } from '../../../../src/core/experiments/lab/task-lanes';
import { unpackTaskTrace } from '../../../../src/core/experiments/protocol/packed-task-trace';
import type { RawTask, RawTaskTrace } from '../../../../src/core/experiments/protocol/task-trace';
import { TaskTracer } from '../../../../src/core/experiments/tasks/task-tracer';
import {
  blocksLoop,
  expectedSpeedup,
  type MeasuredRun,
} from '../../../../src/shared/experiment-expectations';
import { experimentParamsSchema } from '../../../../src/shared/experiment-params';
import {
  MAX_EXPANDABLE_TASKS,
  MAX_TASK_LANES,
  MAX_TASK_TURNS,
} from '../../../../src/shared/task-lanes';
import { taskTraceSchema } from '../../../../src/shared/task-lanes-schema';

/**
 * Task lanes from a raw trace (grouping, times from slice 0) and the tracer's bookkeeping:
 * pure functions, checked on made-up traces whose right answer is known.
 */

const T0 = 5_000_000; // slice 0 on CLOCK_MONOTONIC, ms

/** Task i: created at 10·i, two 1 ms turns (at 10·i and 10·i + 5), finished at 10·i + 6. */
function rawTask(index: number): RawTask {
  const at = T0 + 10 * index;
  return {
    index,
    turns: [
      [at, at + 1],
      [at + 5, at + 6],
    ],
    life: [at, at + 6],
  };
}

function rawTrace(tasks: RawTask[]): RawTaskTrace {
  return {
    runtime: 'node-event-loop',
    pid: 100,
    tid: 101,
    tasks,
    taskTotal: tasks.length,
    taskSwitches: 2 * tasks.length - 1,
    truncated: false,
  };
}

describe('task lanes from a raw trace', () => {
  it('groups 200 tasks into at most 64 lanes of consecutive tasks, every task and turn kept', () => {
    const tasks = Array.from({ length: 200 }, (_, i) => rawTask(i)).reverse();
    const trace = taskTraceOf(rawTrace(tasks), T0, new Set(['100:101']));
    expect(taskTraceSchema.safeParse(trace).error).toBeUndefined();
    expect(trace.lanes.length).toBeLessThanOrEqual(MAX_TASK_LANES);
    expect(trace.lanes.length).toBeGreaterThan(1);
    expect(trace.taskTotal).toBe(200);
    expect(trace.lanes.reduce((sum, lane) => sum + lane.taskCount, 0)).toBe(200);
    expect(trace.threadLaneId).toBe('100:101');
    // Consecutive groups, named by their first and last task (from 1), in order.
    let next = 1;
    for (const lane of trace.lanes) {
      const last = next + lane.taskCount - 1;
      expect(lane.name).toBe(lane.taskCount === 1 ? `task ${next}` : `tasks ${next}–${last}`);
      // Its tasks' turns, from slice 0, sorted and not overlapping.
      expect(lane.turns.length).toBe(2 * lane.taskCount);
      expect(lane.turns[0]).toEqual([10 * (next - 1), 10 * (next - 1) + 1]);
      for (let i = 1; i < lane.turns.length; i += 1) {
        expect(lane.turns[i]?.[0]).toBeGreaterThan(lane.turns[i - 1]?.[1] ?? Infinity);
      }
      expect(lane.life).toEqual([10 * (next - 1), 10 * (last - 1) + 6]);
      next = last + 1;
    }
    expect(next).toBe(201);
  });

  it("keeps each group's tasks one by one, so a group can be opened, up to a size", () => {
    const tasks = Array.from({ length: 200 }, (_, i) => rawTask(i));
    const trace = taskTraceOf(rawTrace(tasks), T0, new Set(['100:101']));
    expect(taskTraceSchema.safeParse(trace).error).toBeUndefined();
    const members = trace.lanes.flatMap((lane) => lane.members ?? []);
    expect(members.map((lane) => lane.name)).toEqual(tasks.map((_, i) => `task ${i + 1}`));
    for (const lane of trace.lanes) {
      expect(lane.members).toHaveLength(lane.taskCount);
      // The group's turns are exactly its members' turns.
      expect((lane.members ?? []).flatMap((member) => member.turns)).toEqual(lane.turns);
    }
    // A single task has nothing to open; past MAX_EXPANDABLE_TASKS, groups stay closed.
    const few = taskTraceOf(rawTrace(tasks.slice(0, 3)), T0, new Set());
    expect(few.lanes.every((lane) => lane.members === undefined)).toBe(true);
    const many = Array.from({ length: MAX_EXPANDABLE_TASKS + 1 }, (_, i) => rawTask(i));
    const large = taskTraceOf(rawTrace(many), T0, new Set());
    expect(large.lanes.every((lane) => lane.members === undefined)).toBe(true);
  });

  it('one lane per task when few; touching turns merge; an unfinished task leaves its group open', () => {
    const touching: RawTask = {
      index: 0,
      turns: [
        [T0 + 2, T0 + 3],
        [T0 + 1, T0 + 2],
      ],
      life: [T0 + 1, null],
    };
    const trace = taskTraceOf(rawTrace([touching, rawTask(1)]), T0, new Set());
    expect(trace.lanes.map((lane) => lane.name)).toEqual(['task 1', 'task 2']);
    expect(trace.lanes[0]?.turns).toEqual([[1, 3]]);
    expect(trace.lanes[0]?.life).toEqual([1, null]);
    // The sampler never saw the thread: the trace says so rather than name a missing lane.
    expect(trace.threadLaneId).toBeNull();
    const grouped = taskTraceOf(rawTrace([touching, rawTask(1)]), T0, new Set(), 1);
    expect(grouped.lanes).toHaveLength(1);
    expect(grouped.lanes[0]?.life).toEqual([1, null]);
  });

  it('combines interval loop delays when no whole-run figure came', () => {
    expect(combineLoopDelays([])).toBeNull();
    expect(
      combineLoopDelays([
        { p50Ms: 1, p99Ms: 4, maxMs: 5, count: 30 },
        { p50Ms: 3, p99Ms: 9, maxMs: 12, count: 10 },
        { p50Ms: 0, p99Ms: 0, maxMs: 0, count: 0 },
      ]),
    ).toEqual({ p50Ms: 1.5, p99Ms: 9, maxMs: 12, count: 40 });
  });
});

describe('the task tracer', () => {
  it('records turns per task, counts switches between tasks only, and stops at MAX_TASK_TURNS', () => {
    const tracer = new TaskTracer('node-event-loop', 1, 2);
    const a = tracer.begin(0);
    a.suspend();
    const b = tracer.begin(1);
    b.suspend();
    a.resume();
    a.resume(); // already on the thread: no new turn
    a.finish();
    b.resume();
    b.finish();
    const small = tracer.report();
    expect(small.tasks.map((t) => t.turns.length)).toEqual([2, 2]);
    expect(small.taskSwitches).toBe(3); // a → b → a → b
    expect(small.truncated).toBe(false);
    for (const task of small.tasks) {
      expect(task.life[1]).not.toBeNull();
      for (const [start, end] of task.turns) expect(end).toBeGreaterThanOrEqual(start);
    }

    // Packed for a thread or sent as JSON by a process, it unpacks to the same trace.
    const unfinished = new TaskTracer('node-event-loop', 1, 2);
    unfinished.begin(7).suspend();
    const packed = unfinished.pack();
    const viaJson = JSON.parse(JSON.stringify(Array.from(packed.data))) as (number | null)[];
    expect(unpackTaskTrace({ ...packed, data: viaJson })).toEqual(unpackTaskTrace(packed));
    expect(unpackTaskTrace(packed).tasks[0]?.life[1]).toBeNull();
    expect(unpackTaskTrace(packed).tasks[0]?.index).toBe(7);

    const many = new TaskTracer('node-event-loop', 1, 2);
    const tasks = MAX_TASK_TURNS / 2 + 100;
    for (let i = 0; i < tasks; i += 1) {
      const task = many.begin(i);
      task.suspend();
      task.resume();
      task.finish();
    }
    const report = many.report();
    expect(report.truncated).toBe(true);
    expect(report.taskTotal).toBe(tasks);
    expect(report.tasks.reduce((sum, t) => sum + t.turns.length, 0)).toBe(MAX_TASK_TURNS);
    expect(report.taskSwitches).toBe(tasks - 1);
  });
});

describe('the blocking workload in the expectations', () => {
  const run = (model: 'node-async' | 'node-worker-pool'): MeasuredRun => {
    const params = experimentParamsSchema.parse({ workload: 'blocking', model, tasks: 8 });
    return {
      params: { ...params, workers: 4 },
      status: 'ok',
      otherLoadCores: 0,
      parallelWorkers: model === 'node-async' ? 1 : 4,
      logicalCores: 4,
      python: null,
    };
  };

  it('a blocking call on an event loop predicts no speedup; in threads it overlaps', () => {
    expect(blocksLoop(run('node-async').params)).toBe(true);
    expect(expectedSpeedup(run('node-async'))).toBe(1);
    expect(expectedSpeedup(run('node-worker-pool'))).toBe(4);
  });

  it('refuses a blocking async run that cannot finish in its time limit', () => {
    const params = { workload: 'blocking', tasks: 100, latencyMs: 2000, timeoutS: 60 } as const;
    expect(experimentParamsSchema.safeParse({ ...params, model: 'node-async' }).success).toBe(
      false,
    );
    expect(
      experimentParamsSchema.safeParse({ ...params, model: 'node-worker-pool', workers: 64 })
        .success,
    ).toBe(true);
  });
});
