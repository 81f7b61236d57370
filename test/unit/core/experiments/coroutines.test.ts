import { afterEach, describe, expect, it } from 'vitest';
import { ExperimentLab } from '../../../../src/core/experiments/lab/experiment-lab';
import { TrackedProcesses } from '../../../../src/core/tracked-processes';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';
import {
  runLanesSchema,
  runLanesUpdateSchema,
  type RunLanes,
  type RunLanesUpdate,
} from '../../../../src/shared/run-lanes';
import { requireMachine } from '../../support/machine';

/**
 * Coroutines through the lab, for real: a Node async run's tasks traced on their one thread,
 * and its event loop's delay. No duration is asserted: only what one thread makes certain
 * (turns never overlap and fit in the run) and a blocking call against its awaited twin.
 */

const labs: ExperimentLab[] = [];
afterEach(async () => {
  await Promise.all(labs.splice(0).map((lab) => lab.dispose()));
});

function lab(): {
  updates: RunLanesUpdate[];
  run(params: ExperimentParamsInput): Promise<ExperimentResult>;
} {
  const updates: RunLanesUpdate[] = [];
  let resolveResult: ((result: ExperimentResult) => void) | null = null;
  const experiments = new ExperimentLab({
    tracked: new TrackedProcesses(),
    logicalCores: 2,
    emit: (stream, payload) => {
      if (stream === 'experiment:lanes') updates.push(payload as RunLanesUpdate);
      if (stream === 'experiment:result') resolveResult?.(payload as ExperimentResult);
    },
  });
  labs.push(experiments);
  return {
    updates,
    run: async (params) => {
      const done = new Promise<ExperimentResult>((resolve) => (resolveResult = resolve));
      await experiments.start([experimentParamsSchema.parse({ baseline: 'skip', ...params })]);
      return done;
    },
  };
}

function lanesOf(result: ExperimentResult): RunLanes {
  expect(result.status, result.error ?? '').toBe('ok');
  expect(result.checksumOk).toBe(true);
  const lanes = result.lanes;
  if (lanes === null) throw new Error('no lanes');
  expect(runLanesSchema.safeParse(lanes).error).toBeUndefined();
  return lanes;
}

/** Every turn of every task, in time order. */
function allTurns(lanes: RunLanes): [number, number][] {
  return (lanes.taskTrace?.lanes ?? []).flatMap((lane) => lane.turns).sort((a, b) => a[0] - b[0]);
}

describe('coroutines: Node async task lanes and loop delay', () => {
  it('traces every task of a timer run: turns on the one thread never overlap and fit in the wall time', async (context) => {
    requireMachine(context.skip, 'linux');
    const { run, updates } = lab();
    const tasks = 40;
    const result = await run({
      workload: 'timer',
      model: 'node-async',
      tasks,
      latencyMs: 20,
      concurrency: 10,
    });
    const lanes = lanesOf(result);
    const trace = lanes.taskTrace;
    expect(trace).toBeTruthy();
    if (trace === null || trace === undefined) return;
    expect(trace.runtime).toBe('node-event-loop');
    expect(trace.truncated).toBe(false);
    expect(trace.taskTotal).toBe(tasks);
    // Fewer tasks than MAX_TASK_LANES: one lane each, every task there.
    expect(trace.lanes.map((lane) => lane.name).sort()).toEqual(
      Array.from({ length: tasks }, (_, i) => `task ${i + 1}`).sort(),
    );
    for (const lane of trace.lanes) {
      expect(lane.taskCount).toBe(1);
      // Started, then woken after its wait: at least two turns, all within its life.
      expect(lane.turns.length, lane.name).toBeGreaterThanOrEqual(2);
      const [created, finished] = lane.life;
      expect(finished, lane.name).not.toBeNull();
      for (const [start, end] of lane.turns) {
        expect(start).toBeGreaterThanOrEqual(created);
        expect(end).toBeGreaterThanOrEqual(start);
        expect(end).toBeLessThanOrEqual(finished ?? Infinity);
      }
    }
    // One thread: no two tasks' turns overlap, and together they fit in the run.
    const turns = allTurns(lanes);
    for (let i = 1; i < turns.length; i += 1) {
      expect(turns[i]?.[0]).toBeGreaterThanOrEqual(turns[i - 1]?.[1] ?? Infinity);
    }
    const held = turns.reduce((sum, [start, end]) => sum + (end - start), 0);
    expect(held).toBeLessThanOrEqual(result.wallMs);
    // Ten tasks in flight take turns: at least one switch to each task after the first.
    expect(trace.taskSwitches).toBeGreaterThanOrEqual(tasks - 1);
    // The thread they ran on is a lane of the run: the loop's own worker thread.
    const thread = lanes.lanes.find((lane) => lane.id === trace.threadLaneId);
    expect(thread?.name).toBe('io-async');
    // The loop delay: over the whole run, and live in the updates.
    expect(lanes.loopDelay?.count).toBeGreaterThan(0);
    const live = updates.filter((update) => update.runId === result.runId && update.loopDelay);
    expect(live.length).toBeGreaterThan(0);
    for (const update of live) expect(runLanesUpdateSchema.safeParse(update).error).toBeUndefined();
  }, 60_000);

  it('traces the socket callbacks of a loopback run as turns of their task', async (context) => {
    requireMachine(context.skip, 'linux');
    const { run } = lab();
    const result = await run({
      workload: 'echo',
      model: 'node-async',
      tasks: 30,
      latencyMs: 20,
      concurrency: 10,
    });
    const lanes = lanesOf(result);
    const trace = lanes.taskTrace;
    expect(trace?.lanes.length).toBe(30);
    // Started, connected, answered: a task waits twice at least, so it has three turns or more.
    for (const lane of trace?.lanes ?? []) {
      expect(lane.turns.length, lane.name).toBeGreaterThanOrEqual(3);
    }
    const turns = allTurns(lanes);
    for (let i = 1; i < turns.length; i += 1) {
      expect(turns[i]?.[0]).toBeGreaterThanOrEqual(turns[i - 1]?.[1] ?? Infinity);
    }
    expect(turns.reduce((sum, [start, end]) => sum + (end - start), 0)).toBeLessThanOrEqual(
      result.wallMs,
    );
  }, 60_000);

  it('a blocking call stalls the loop: a larger loop delay than the awaited twin, one turn per task', async (context) => {
    requireMachine(context.skip, 'linux');
    const { run } = lab();
    const size = { model: 'node-async', tasks: 16, latencyMs: 100, concurrency: 8 } as const;
    const blocking = lanesOf(await run({ ...size, workload: 'blocking' }));
    const awaited = lanesOf(await run({ ...size, workload: 'timer' }));
    const blocked = blocking.loopDelay;
    const free = awaited.loopDelay;
    if (!blocked || !free) throw new Error('no loop delay');
    expect(blocked.count).toBeGreaterThan(0);
    expect(free.count).toBeGreaterThan(0);
    expect(blocked.p99Ms).toBeGreaterThan(free.p99Ms);
    // A task that blocks never gives the thread back before it ends: one turn each.
    const trace = blocking.taskTrace;
    expect(trace?.lanes.length).toBe(16);
    for (const lane of trace?.lanes ?? []) expect(lane.turns.length, lane.name).toBe(1);
    const turns = allTurns(blocking);
    for (let i = 1; i < turns.length; i += 1) {
      expect(turns[i]?.[0]).toBeGreaterThanOrEqual(turns[i - 1]?.[1] ?? Infinity);
    }
  }, 60_000);

  it('traceTasks false: no task trace (null, not missing), the loop delay still measured', async (context) => {
    requireMachine(context.skip, 'linux');
    const { run } = lab();
    const result = await run({
      workload: 'timer',
      model: 'node-async',
      tasks: 20,
      latencyMs: 50,
      concurrency: 5,
      traceTasks: false,
    });
    const lanes = lanesOf(result);
    expect(lanes.taskTrace).toBeNull();
    expect(lanes.loopDelay?.count).toBeGreaterThan(0);
    expect(result.params.traceTasks).toBe(false);
  }, 60_000);
});
