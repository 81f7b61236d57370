import { describe, expect, it } from 'vitest';
import {
  compareRuns,
  concludeRun,
  type UnconcludedResult,
} from '../../../../src/shared/experiment-conclusions';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../src/shared/experiments';

function result(
  params: ExperimentParamsInput,
  figures: Partial<UnconcludedResult>,
): UnconcludedResult {
  const parsed = experimentParamsSchema.parse(params);
  return {
    runId: 'run-1',
    params: { ...parsed, workers: parsed.workers ?? 2 },
    isBaseline: false,
    status: 'ok',
    error: null,
    startedAt: 0,
    wallMs: 1000,
    cpuMs: 1000,
    userMs: 1000,
    sysMs: 0,
    coresBusy: 1,
    speedup: 1,
    efficiency: 1,
    baselineRunId: null,
    voluntaryCtxSwitches: 10,
    involuntaryCtxSwitches: 10,
    peakRssBytes: 1e8,
    otherLoadCores: 0,
    labCost: null,
    lanes: null,
    tasksPerSec: 64,
    checksum: 1,
    expectedChecksum: 1,
    checksumOk: true,
    parallelWorkers: parsed.workers ?? 2,
    libuvPoolThreads: null,
    python: null,
    logicalCores: 2,
    ...figures,
  };
}

describe('one-line conclusions', () => {
  it('explains the GIL', () => {
    const run = result(
      { workload: 'cpu', model: 'python-threads', workers: 4 },
      { python: { version: '3.11.2', gilEnabled: true } },
    );
    expect(concludeRun(run)).toBe(
      '4 Python threads kept 1.0 core busy, no faster than one at a time: the GIL lets one thread run Python at a time',
    );
  });

  it('credits parallel workers, and blames busy cores when they could not run at once', () => {
    const pool = { workload: 'cpu', model: 'node-worker-pool', workers: 2 } as const;
    expect(concludeRun(result(pool, { coresBusy: 1.9, speedup: 1.85 }))).toBe(
      '2 Node worker threads kept 1.9 cores busy, 1.9× faster than one at a time: separate threads or processes run on separate cores at once',
    );
    expect(concludeRun(result(pool, { coresBusy: 0.6, speedup: 0.5, otherLoadCores: 1.3 }))).toBe(
      '2 Node worker threads kept only 0.6 of 2 cores busy, 2.0× slower than one at a time: other programs kept 1.3 cores busy meanwhile',
    );
    expect(concludeRun(result(pool, { coresBusy: 0.6, speedup: 0.5 }))).toMatch(/too few tasks/);
  });

  it('says async does not help CPU work but wins waits with little CPU', () => {
    expect(concludeRun(result({ workload: 'cpu', model: 'node-async' }, {}))).toMatch(
      /coroutines take turns on one thread/,
    );
    expect(
      concludeRun(
        result({ workload: 'timer', model: 'node-async' }, { coresBusy: 0.02, speedup: 92 }),
      ),
    ).toBe(
      'Node async, 100 in flight overlapped the waits, 92× faster than one at a time with only 0.02 cores busy: waiting needs no CPU',
    );
  });

  it('counts context switches when threads outnumber cores', () => {
    const run = result(
      { workload: 'cpu', model: 'node-worker-pool', workers: 64 },
      { coresBusy: 1.9, speedup: 1.8, involuntaryCtxSwitches: 12345 },
    );
    expect(concludeRun(run)).toMatch(
      /with 12,345 involuntary context switches: more threads than cores only adds switching/,
    );
  });

  it('reports failures and compares runs', () => {
    expect(
      concludeRun(
        result(
          { workload: 'cpu', model: 'node-process-pool' },
          { status: 'failed', error: 'worker cpu-p1 (pid 9) was killed by SIGKILL' },
        ),
      ),
    ).toBe('2 Node processes failed: worker cpu-p1 (pid 9) was killed by SIGKILL');
    const slow = {
      ...result({ workload: 'cpu', model: 'node-sequential' }, { wallMs: 2000 }),
      conclusion: '',
    };
    const fast = {
      ...result({ workload: 'cpu', model: 'node-worker-pool' }, { wallMs: 1000, coresBusy: 1.96 }),
      conclusion: '',
      runId: 'run-2',
    };
    expect(compareRuns([slow, fast])).toBe(
      '2 Node worker threads finished 2.0× faster than Node, one thread, keeping 2.0 cores busy against 1.0',
    );
    expect(compareRuns([slow])).toBe('Choose at least two finished runs to compare.');
  });
});
