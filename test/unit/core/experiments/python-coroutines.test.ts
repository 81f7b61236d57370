import { describe, expect, it } from 'vitest';
import type { ExperimentParamsInput } from '../../../../src/shared/experiment-params';
import type { LoopDelay } from '../../../../src/shared/task-lanes';
import { runPythonModel } from '../../../../src/core/experiments/host/python-model';
import { startEchoServer } from '../../../../src/core/experiments/host/echo-server';
import type { ModelReporter } from '../../../../src/core/experiments/host/worker-session';
import type { RawTaskTrace } from '../../../../src/core/experiments/protocol/task-trace';
import { expectedChecksum } from '../../../../src/core/experiments/tasks/expected';
import { SYSTEM_PYTHON, alive, runParams } from '../../support/run-helpers';
import { requireMachine, type Need } from '../../support/machine';

/**
 * The Python async models' coroutines made visible: asyncio (a task factory wrapping each
 * coroutine) and gevent (greenlet.settrace) report each task's turns on their one thread, and a
 * heartbeat reports how late the loop runs. Runs the real script through the host's runner.
 */

/** What one run reported through its reporter. */
interface Reported {
  traces: RawTaskTrace[];
  delays: { delay: LoopDelay; wholeRun: boolean }[];
  pythonPid: number;
  checksumOk: boolean;
}

async function runModel(input: ExperimentParamsInput): Promise<Reported> {
  const params = runParams({ baseline: 'skip', ...input });
  const echo = params.workload === 'echo' ? await startEchoServer(params.latencyMs) : null;
  const traces: RawTaskTrace[] = [];
  const delays: Reported['delays'] = [];
  const pids = new Set<number>();
  const reporter: ModelReporter = {
    workerSpawned: (info) => pids.add(info.pid),
    workerExited: () => undefined,
    usage: () => undefined,
    libuvPool: () => undefined,
    progress: () => undefined,
    taskDone: () => undefined,
    measureFrom: () => undefined,
    tasks: (trace) => traces.push(trace),
    loopDelay: (delay, wholeRun) => delays.push({ delay, wholeRun: wholeRun ?? false }),
  };
  try {
    const outcome = await runPythonModel(
      SYSTEM_PYTHON,
      params,
      {
        workload: params.workload,
        cpuSize: params.cpuSize,
        latencyMs: params.latencyMs,
        fileDir: null,
        fileCount: 1,
        echoPort: echo?.port ?? null,
      },
      reporter,
    );
    expect(alive(pids)).toEqual([]);
    return {
      traces,
      delays,
      pythonPid: [...pids][0] ?? 0,
      checksumOk: outcome.checksum === expectedChecksum(params),
    };
  } finally {
    await echo?.close();
  }
}

/** Checks one trace: every task there, turns inside its life, no two turns overlapping. */
function checkTrace(trace: RawTaskTrace, tasks: number, wallMs: number): void {
  expect(trace.taskTotal).toBe(tasks);
  expect(trace.truncated).toBe(false);
  expect(trace.tasks.map((task) => task.index)).toEqual([...Array(tasks).keys()]);
  const all: [number, number][] = [];
  for (const task of trace.tasks) {
    expect(task.turns.length).toBeGreaterThan(0);
    const [created, finished] = task.life;
    expect(finished).not.toBeNull();
    for (const [start, end] of task.turns) {
      expect(end).toBeGreaterThanOrEqual(start);
      expect(start).toBeGreaterThanOrEqual(created);
      expect(end).toBeLessThanOrEqual(finished ?? Infinity);
    }
    all.push(...task.turns);
  }
  all.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < all.length; i += 1) {
    // One thread: a turn starts only once the one before it has ended.
    expect(all[i]![0]).toBeGreaterThanOrEqual(all[i - 1]![1]);
  }
  const busy = all.reduce((sum, [start, end]) => sum + end - start, 0);
  expect(busy).toBeLessThanOrEqual(wallMs);
  expect(trace.taskSwitches).toBeGreaterThan(0);
  expect(trace.taskSwitches).toBeLessThan(all.length);
}

const RUNTIMES = [
  { model: 'python-asyncio', runtime: 'asyncio', needs: ['python'] },
  { model: 'python-gevent', runtime: 'gevent', needs: ['python', 'gevent'] },
] as const satisfies readonly { model: string; runtime: string; needs: readonly Need[] }[];

describe.each(RUNTIMES)('$model: task lanes and loop delay', ({ model, runtime, needs }) => {
  it('reports every task, with turns that never overlap on the one thread', async ({ skip }) => {
    requireMachine(skip, ...needs);
    const tasks = 30;
    const started = performance.now();
    const run = await runModel({ model, workload: 'timer', tasks, latencyMs: 20, concurrency: 8 });
    const wallMs = performance.now() - started;
    expect(run.checksumOk).toBe(true);
    expect(run.traces).toHaveLength(1);
    const trace = run.traces[0]!;
    expect(trace.runtime).toBe(runtime);
    expect(trace.pid).toBe(run.pythonPid);
    expect(trace.tid).toBe(run.pythonPid); // the main thread ran every task
    checkTrace(trace, tasks, wallMs);
    // Each task waited once: suspended at the wait, so at least two turns.
    for (const task of trace.tasks) expect(task.turns.length).toBeGreaterThanOrEqual(2);
  });

  it('reports no task trace with traceTasks off, and the loop delay still', async ({ skip }) => {
    requireMachine(skip, ...needs);
    const run = await runModel({
      model,
      workload: 'timer',
      tasks: 10,
      latencyMs: 40,
      traceTasks: false,
    });
    expect(run.checksumOk).toBe(true);
    expect(run.traces).toEqual([]);
    expect(run.delays.filter((report) => report.wholeRun)).toHaveLength(1);
  });

  it('shows a larger loop delay when tasks block than when they await', async ({ skip }) => {
    requireMachine(skip, ...needs);
    const twin = { model, tasks: 10, latencyMs: 50, concurrency: 10 } as const;
    const awaited = await runModel({ ...twin, workload: 'timer' });
    const blocked = await runModel({ ...twin, workload: 'blocking' });
    expect(awaited.checksumOk && blocked.checksumOk).toBe(true);
    const whole = (run: Reported): LoopDelay => {
      const reports = run.delays.filter((report) => report.wholeRun);
      expect(reports).toHaveLength(1);
      return reports[0]!.delay;
    };
    const awaitedDelay = whole(awaited);
    const blockedDelay = whole(blocked);
    expect(awaitedDelay.count).toBeGreaterThan(0);
    expect(blockedDelay.count).toBeGreaterThan(0);
    expect(blockedDelay.p99Ms).toBeGreaterThan(awaitedDelay.p99Ms);
    // Blocked, the tasks ran one after another: one turn each, never suspended mid-task.
    const trace = blocked.traces[0]!;
    for (const task of trace.tasks) expect(task.turns).toHaveLength(1);
  });
});

describe('the blocking workload in the other Python models', () => {
  it.for(['python-sequential', 'python-threads', 'python-processes'] as const)(
    '%s runs it to the right checksum',
    async (model, { skip }) => {
      requireMachine(skip, 'python');
      const run = await runModel({ model, workload: 'blocking', tasks: 6, latencyMs: 5 });
      expect(run.checksumOk).toBe(true);
    },
  );
});
