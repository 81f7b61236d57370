import { afterEach, describe, expect, it } from 'vitest';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../src/shared/experiment-params';
import type { ExperimentResult, WorkerProgress } from '../../../../src/shared/experiment-results';
import { HostRun, type HostRunOutcome } from '../../../../src/core/experiments/lab/host-run';
import { estimateRunMemory } from '../../../../src/core/experiments/lab/memory-estimate';
import {
  SYSTEM_PYTHON,
  alive,
  cmdlineHas,
  pythonLabRunner,
  runParams,
  threadCount,
} from '../../support/run-helpers';
import { requireMachine } from '../../support/machine';

/** A Python run, with the last per-worker progress it reported and its Python process's peak thread count. */
interface Watched {
  outcome: HostRunOutcome;
  workers: WorkerProgress[];
  /** Most threads /proc/PID/task showed for the Python process while the run went. */
  peakPythonThreads: number;
  seenPids: Set<number>;
}

async function watchRun(input: ExperimentParamsInput): Promise<Watched> {
  const params = runParams({ baseline: 'skip', ...input });
  const seenPids = new Set<number>();
  let workers: WorkerProgress[] = [];
  let peakPythonThreads = 0;
  const run = new HostRun(params, SYSTEM_PYTHON, {
    event: () => undefined,
    progress: (progress) => {
      workers = progress.workers;
    },
    pids: (pids) => {
      for (const pid of pids) seenPids.add(pid);
    },
  });
  let over = false;
  const sampling = (async () => {
    while (!over) {
      for (const pid of seenPids) {
        if (cmdlineHas(pid, 'experiment.py'))
          peakPythonThreads = Math.max(peakPythonThreads, threadCount(pid));
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const outcome = await run.finished;
  over = true;
  await sampling;
  return { outcome, workers, peakPythonThreads, seenPids };
}

function measured(watched: Watched): Extract<HostRunOutcome, { status: 'ok' }>['measurement'] {
  if (watched.outcome.status !== 'ok') throw new Error(watched.outcome.error);
  expect(alive(watched.seenPids)).toEqual([]);
  return watched.outcome.measurement;
}

describe('Python: hand-written thread pool (queue.Queue + threads)', () => {
  it('reaches the same checksum as ThreadPoolExecutor, with progress per named worker', async ({
    skip,
  }) => {
    requireMachine(skip, 'python');
    const cpu = { workload: 'cpu', tasks: 24, cpuSize: 3000, workers: 3 } as const;
    const pool = await watchRun({ ...cpu, model: 'python-threads' });
    const custom = await watchRun({ ...cpu, model: 'python-custom-pool' });
    const poolRun = measured(pool);
    const customRun = measured(custom);
    expect(customRun.checksum).toBe(customRun.expectedChecksum);
    expect(customRun.checksum).toBe(poolRun.checksum);
    const names = custom.workers.map((worker) => worker.name).sort();
    expect(names.every((name) => /^cpu-t[1-3]$/.test(name))).toBe(true);
    expect(custom.workers.reduce((sum, worker) => sum + worker.done, 0)).toBe(24);
    expect(customRun.parallelWorkers).toBe(3);
  });

  it('also submits with apply (one task at a time)', async ({ skip }) => {
    requireMachine(skip, 'python');
    const watched = await watchRun({
      model: 'python-custom-pool',
      workload: 'timer',
      tasks: 6,
      latencyMs: 5,
      submit: 'apply',
    });
    const run = measured(watched);
    expect(run.checksum).toBe(run.expectedChecksum);
  });
});

describe('Python: one thread, many sockets (selectors)', () => {
  it('serves 50 echo requests at once from one thread, far faster than one at a time', async ({
    skip,
  }) => {
    requireMachine(skip, 'python');
    const echo = { workload: 'echo', tasks: 50, latencyMs: 50, concurrency: 50 } as const;
    const sequential = measured(await watchRun({ ...echo, model: 'python-sequential' }));
    const selecting = await watchRun({ ...echo, model: 'python-selectors' });
    const run = measured(selecting);
    expect(run.checksum).toBe(run.expectedChecksum);
    expect(run.checksum).toBe(sequential.checksum);
    expect(sequential.wallMs / run.wallMs).toBeGreaterThan(5);
    expect(selecting.workers.map((worker) => worker.name)).toEqual(['io-sel']);
    expect(run.parallelWorkers).toBe(1);
  });

  it('keeps one worker thread however many sockets are open', async ({ skip }) => {
    requireMachine(skip, 'python');
    // Long waits so the sampler sees the process with all 50 connections open.
    const echo = { workload: 'echo', tasks: 50, latencyMs: 1000, concurrency: 50 } as const;
    const selecting = await watchRun({ ...echo, model: 'python-selectors' });
    const threads = await watchRun({ ...echo, model: 'python-threads', workers: 50 });
    measured(selecting);
    measured(threads);
    // The script's own threads: the main thread (which runs the loop) and two watchers.
    expect(selecting.peakPythonThreads).toBeGreaterThan(0);
    expect(selecting.peakPythonThreads).toBeLessThanOrEqual(3);
    // Thread per connection: one per socket, on the same machine and settings.
    expect(threads.peakPythonThreads).toBeGreaterThanOrEqual(50);
  });

  it('also drives the timer workload from select() timeouts', async ({ skip }) => {
    requireMachine(skip, 'python');
    const run = measured(
      await watchRun({ model: 'python-selectors', workload: 'timer', tasks: 20, latencyMs: 5 }),
    );
    expect(run.checksum).toBe(run.expectedChecksum);
  });

  it('is refused for CPU and file work, with a sentence', () => {
    for (const workload of ['cpu', 'file', 'mixed'] as const) {
      const parsed = experimentParamsSchema.safeParse({ model: 'python-selectors', workload });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/runs only the echo and timer workloads/);
    }
    expect(
      experimentParamsSchema.safeParse({ model: 'python-selectors', workload: 'echo' }).success,
    ).toBe(true);
  });
});

describe('memory estimate', () => {
  it('covers the new models as one Python process', () => {
    const base = runParams({ model: 'python-sequential', workload: 'echo', workers: 50 });
    for (const model of ['python-custom-pool', 'python-selectors'] as const) {
      expect(estimateRunMemory({ ...base, model })).toBe(estimateRunMemory(base));
    }
  });
});

describe('event workload: threads wait on one threading.Event, then all run', () => {
  const labs = pythonLabRunner();
  afterEach(() => labs.dispose());
  const labRun = (params: ExperimentParamsInput): Promise<ExperimentResult> => labs.run(params);

  /** Slices a lane spent blocked before its first running slice. */
  function blockedBeforeRunning(states: string): number {
    const firstRun = states.indexOf('R');
    const before = firstRun < 0 ? states : states.slice(0, firstRun);
    return before.split('B').length - 1;
  }

  for (const model of ['python-threads', 'python-custom-pool'] as const) {
    it(`${model}: every worker lane is blocked, then running`, async ({ skip }) => {
      requireMachine(skip, 'python');
      // 800 ms on the Event = 16 slices of 50 ms; the work after it runs for several slices, in
      // 100 ms turns of the GIL so each thread's turns fill whole slices. There is far more work
      // than one turn can do (48 tasks of ~40 ms, some 20 turns), so no thread drains the queue
      // before the others get theirs and waits on it throughout.
      const result = await labRun({
        model,
        workload: 'event',
        workers: 3,
        tasks: 48,
        cpuSize: 30_000,
        latencyMs: 800,
        switchIntervalMs: 100,
      });
      expect(result.status).toBe('ok');
      expect(result.checksumOk).toBe(true);
      const workers = (result.lanes?.lanes ?? []).filter((lane) => /^io-t\d$/.test(lane.name));
      expect(workers.map((lane) => lane.name).sort()).toEqual(['io-t1', 'io-t2', 'io-t3']);
      for (const lane of workers) {
        expect(lane.states).toContain('R');
        // Half the wait, so a slice or two of start-up or sampling never decides it.
        expect(blockedBeforeRunning(lane.states), lane.states).toBeGreaterThanOrEqual(8);
      }
    }, 60_000);
  }

  it('is refused for other models and for apply, with a sentence', () => {
    const node = experimentParamsSchema.safeParse({ model: 'node-worker-pool', workload: 'event' });
    expect(node.error?.issues[0]?.message).toMatch(/runs only with python-sequential/);
    const apply = experimentParamsSchema.safeParse({
      model: 'python-threads',
      workload: 'event',
      submit: 'apply',
    });
    expect(apply.error?.issues[0]?.message).toMatch(/submitted all at once/);
  });
});
