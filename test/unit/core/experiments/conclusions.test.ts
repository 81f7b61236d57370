import { describe, expect, it } from 'vitest';
import {
  compareHeadline,
  compareRuns,
  concludeRun,
  type UnconcludedResult,
} from '../../../../src/shared/experiment-conclusions';
import {
  coresNeeded,
  expectedSpeedup,
  freeCoresOf,
  isDisturbed,
  workSize,
} from '../../../../src/shared/experiment-expectations';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';
import { workerStartupMs } from '../../../../src/core/experiments/lab/results';

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
      '4 Python threads kept 1.0 core busy, about as fast as one at a time: the GIL lets one thread run Python at a time',
    );
  });

  it('credits parallel workers, and blames busy cores when they could not run at once', () => {
    const pool = { workload: 'cpu', model: 'node-worker-pool', workers: 2 } as const;
    expect(concludeRun(result(pool, { coresBusy: 1.9, speedup: 1.85 }))).toBe(
      '2 Node worker threads kept 1.9 cores busy, 1.9× faster than one at a time: separate threads or processes run on separate cores at once',
    );
    expect(concludeRun(result(pool, { coresBusy: 0.6, speedup: 0.5, otherLoadCores: 1.3 }))).toBe(
      '2 Node worker threads kept only 0.6 of 2 cores busy, 2.0× slower than one at a time: expected about 2.0× from 2 workers; got 0.5× because other programs kept 1.3 cores busy',
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
      'Expected: 2 Node worker threads fastest, about 2.0× faster than one at a time. / ' +
        'Observed: 2 Node worker threads finished 2.0× faster than Node, one thread, keeping 2.0 cores busy against 1.0.',
    );
    expect(compareRuns([slow])).toBe('Choose at least two finished runs to compare.');
  });
});

/** A finished result (with its conclusion) for the compare view. */
function finished(
  runId: string,
  params: ExperimentParamsInput,
  figures: Partial<UnconcludedResult>,
): ExperimentResult {
  const run = result(params, figures);
  return { ...run, runId, conclusion: concludeRun(run) };
}

describe('conclusions that match what was measured', () => {
  const pool = { workload: 'cpu', model: 'node-worker-pool', workers: 2 } as const;
  const gil = { python: { version: '3.11.2', gilEnabled: true } } as const;

  it('says slower, never faster, when other programs took the cores, and names them', () => {
    const run = result(pool, { coresBusy: 1.0, speedup: 0.5, otherLoadCores: 1.5 });
    expect(concludeRun(run)).toBe(
      '2 Node worker threads kept only 1.0 of 2 cores busy, 2.0× slower than one at a time: ' +
        'expected about 2.0× from 2 workers; got 0.5× because other programs kept 1.5 cores busy',
    );
  });

  it('names the start-up of many workers when overlapping waits lost time', () => {
    const run = result(
      { workload: 'echo', model: 'node-worker-pool', workers: 32, tasks: 200 },
      { speedup: 1 / 1.6, coresBusy: 0.4, wallMs: 4000, workerStartupMs: 2900 },
    );
    expect(concludeRun(run)).toBe(
      '32 Node worker threads finished 1.6× slower than one at a time with 0.4 cores busy: ' +
        'starting 32 workers cost 2.9 s, more than the waits they overlapped',
    );
    // Without a start-up figure, the cost of handing tasks over is blamed instead.
    expect(concludeRun({ ...run, workerStartupMs: null })).toMatch(
      /finished 1\.6× slower than one at a time .*: handing tasks to the workers cost more than the waits they overlapped$/,
    );
    // A gain keeps the lesson: the waits overlapped and needed no CPU.
    expect(concludeRun({ ...run, speedup: 20, workerStartupMs: 300 })).toMatch(
      /overlapped the waits, 20× faster than one at a time with only 0\.4 cores busy: waiting needs no CPU$/,
    );
  });

  it('says the GIL should have prevented a gain of Python threads, and names a cause', () => {
    const threads = { workload: 'cpu', model: 'python-threads', workers: 4 } as const;
    const gained = result(threads, { ...gil, speedup: 1.4, coresBusy: 1.0 });
    expect(concludeRun(gained)).toBe(
      '4 Python threads kept 1.0 core busy, 1.4× faster than one at a time, though the GIL should ' +
        'have held them to about 1×: the one-at-a-time baseline was likely slowed by other load',
    );
    expect(concludeRun(gained, { otherLoadCores: 0.9 })).toMatch(
      /: the one-at-a-time baseline was slowed: other programs kept 0\.9 cores busy while it ran$/,
    );
    expect(concludeRun({ ...gained, coresBusy: 1.8 })).toMatch(
      /seems to run Python threads in parallel \(no GIL\)$/,
    );
    // Never "faster … the GIL lets one thread run at a time".
    expect(concludeRun(gained)).not.toMatch(/the GIL lets one thread/);
    // A free-threaded interpreter's gain is its lesson.
    const noGil = { python: { version: '3.13.0', gilEnabled: false } } as const;
    expect(concludeRun(result(threads, { ...noGil, speedup: 1.9, coresBusy: 1.9 }))).toMatch(
      /1\.9× faster than one at a time: this interpreter has no GIL, so its threads run Python in parallel$/,
    );
  });

  it('says an unexpected gain of async CPU work is not the lesson', () => {
    const run = result({ workload: 'cpu', model: 'node-async' }, { speedup: 1.5 });
    expect(concludeRun(run)).toMatch(
      /1\.5× faster than one at a time, though coroutines on one thread should not speed up CPU work: /,
    );
    // Slower than one at a time on a busy machine: the lesson holds, and the load is named.
    expect(
      concludeRun(
        result({ workload: 'cpu', model: 'node-async' }, { speedup: 0.4, otherLoadCores: 1 }),
      ),
    ).toBe(
      'Node async, 100 in flight kept 1.0 core busy, 2.5× slower than one at a time: coroutines ' +
        'take turns on one thread, so CPU-bound work does not speed up, and other programs kept ' +
        '1.0 core busy',
    );
  });

  it('flags a disturbed run in its conclusion even when the lesson held', () => {
    const run = result(pool, { coresBusy: 1.9, speedup: 1.8, otherLoadCores: 0.4 });
    expect(isDisturbed(run)).toBe(true);
    expect(concludeRun(run)).toBe(
      '2 Node worker threads kept 1.9 cores busy, 1.8× faster than one at a time: separate threads ' +
        'or processes run on separate cores at once (⚠ other programs kept 0.4 cores busy during ' +
        'this run: its figures are unreliable)',
    );
    expect(isDisturbed({ otherLoadCores: 0.3 })).toBe(false);
    expect(isDisturbed({ otherLoadCores: null })).toBe(false);
    expect(concludeRun({ ...run, otherLoadCores: 0.2 })).not.toMatch(/⚠/);
  });

  it('names too few tasks and too small work as causes on a quiet machine', () => {
    expect(concludeRun(result({ ...pool, tasks: 1 }, { coresBusy: 1, speedup: 0.9 }))).toMatch(
      /about as fast as one at a time: 1 task cannot keep 2 workers busy$/,
    );
    expect(concludeRun(result(pool, { coresBusy: 1.9, speedup: 1.0 }))).toMatch(
      /about as fast as one at a time: expected about 2\.0× from 2 workers; got 1\.0× because the work was too small to pay for starting 2 workers$/,
    );
  });

  // Every model × workload over speedups from 10× slower to 50× faster: the sentence may say
  // "faster" only above 1 and "slower" only below 1, and outside the ±15 % band it says which.
  const speedups = [0.1, 0.3, 0.5, 0.6, 0.8, 0.86, 0.9, 1, 1.1, 1.16, 1.2, 1.4, 1.9, 3, 12, 50];
  const cases: ExperimentParamsInput[] = [
    { workload: 'cpu', model: 'node-worker-pool', workers: 2 },
    { workload: 'cpu', model: 'node-worker-pool', workers: 64 },
    { workload: 'cpu', model: 'node-async' },
    { workload: 'cpu', model: 'node-process-pool', workers: 2, submit: 'apply' },
    { workload: 'cpu', model: 'python-threads', workers: 4 },
    { workload: 'echo', model: 'node-worker-pool', workers: 32 },
    { workload: 'timer', model: 'node-async' },
    { workload: 'file', model: 'node-process-pool', workers: 2 },
    { workload: 'mixed', model: 'node-worker-pool', workers: 2 },
  ];
  for (const params of cases) {
    it(`keeps the sign of the measured effect: ${params.workload} × ${params.model} (${params.workers ?? '-'})`, () => {
      for (const speedup of speedups) {
        for (const otherLoadCores of [0, 1.5]) {
          const sentence = concludeRun(
            result(params, {
              ...gil,
              speedup,
              otherLoadCores,
              parallelWorkers: params.submit === 'apply' ? 1 : (params.workers ?? 2),
              workerStartupMs: 500,
            }),
          );
          const context = `${sentence} [speedup ${speedup}]`;
          if (/faster/.test(sentence)) expect(speedup, context).toBeGreaterThan(1);
          if (/slower/.test(sentence)) expect(speedup, context).toBeLessThan(1);
          if (speedup >= 1.15) expect(sentence, context).toMatch(/faster/);
          if (speedup <= 0.87) expect(sentence, context).toMatch(/slower/);
        }
      }
    });
  }
});

describe('comparisons read Expected … / Observed …', () => {
  it('groups the CPU-bound and I/O-bound runs and says what each lesson predicts', () => {
    const cpuWork = { workload: 'cpu', tasks: 64, cpuSize: 100_000 } as const;
    const ioWork = { workload: 'timer', tasks: 64, latencyMs: 20 } as const;
    const runs = [
      finished('c1', { ...cpuWork, model: 'node-sequential' }, { wallMs: 2000 }),
      finished('c2', { ...cpuWork, model: 'node-async' }, { wallMs: 1900 }),
      finished(
        'c3',
        { ...cpuWork, model: 'node-worker-pool', workers: 2 },
        { wallMs: 1000, coresBusy: 2 },
      ),
      finished('i1', { ...ioWork, model: 'node-sequential' }, { wallMs: 1300, coresBusy: 0.01 }),
      finished(
        'i2',
        { ...ioWork, model: 'node-async', concurrency: 64 },
        { wallMs: 25, coresBusy: 0.05 },
      ),
    ];
    const headline = compareHeadline(runs);
    expect(headline?.expected).toBe(
      'Expected: CPU-bound (count primes): 2 Node worker threads fastest, about 2.0× faster than one ' +
        'at a time; Node async, 100 in flight no faster; I/O-bound: timer waits: Node async, 64 in ' +
        'flight fastest, up to 64× faster than one at a time.',
    );
    expect(headline?.observed).toBe(
      'Observed: CPU-bound (count primes): 2 Node worker threads finished 2.0× faster than Node, one ' +
        'thread, keeping 2.0 cores busy against 1.0; I/O-bound: timer waits: Node async, 64 in flight ' +
        'finished 52× faster than Node, one thread, keeping 0.05 cores busy against 0.01.',
    );
  });

  it('says when the fastest run is not the one the lesson predicts, and flags disturbed runs', () => {
    const work = { workload: 'cpu', tasks: 64 } as const;
    const runs = [
      finished('s', { ...work, model: 'node-sequential' }, { wallMs: 1000 }),
      finished(
        'p',
        { ...work, model: 'node-worker-pool', workers: 2 },
        { wallMs: 1900, otherLoadCores: 1.4 },
      ),
    ];
    expect(compareHeadline(runs)?.observed).toBe(
      'Observed: Node, one thread finished 1.9× faster than 2 Node worker threads, keeping 1.0 core ' +
        'busy against 1.0, not what the lesson predicts (⚠ 1 of these runs ran while other programs ' +
        'kept more than 0.3 cores busy).',
    );
  });
});

describe('what a lesson needs and what a run did', () => {
  const resolved = (params: ExperimentParamsInput) => {
    const parsed = experimentParamsSchema.parse(params);
    return { ...parsed, workers: parsed.workers ?? 2 };
  };

  it('writes tasks × size for every workload', () => {
    expect(
      workSize(resolved({ workload: 'cpu', model: 'node-sequential', cpuSize: 200_000 })),
    ).toBe('64 tasks × 200,000 numbers');
    expect(workSize(resolved({ workload: 'echo', model: 'node-async', tasks: 1 }))).toBe(
      '1 task × 20 ms reply',
    );
    expect(workSize(resolved({ workload: 'file', model: 'node-async' }))).toBe(
      '64 tasks × 256 KiB file',
    );
  });

  it('expects a gain per usable core for CPU work and per task in flight for waits', () => {
    const expected = (params: ExperimentParamsInput, cores = 2) =>
      expectedSpeedup(
        result(params, { logicalCores: cores, parallelWorkers: params.workers ?? 1 }),
      );
    expect(expected({ workload: 'cpu', model: 'node-worker-pool', workers: 8 })).toBe(2);
    expect(expected({ workload: 'cpu', model: 'python-threads', workers: 8 })).toBe(1);
    expect(expected({ workload: 'timer', model: 'node-async', concurrency: 100, tasks: 64 })).toBe(
      64,
    );
    expect(
      coresNeeded(resolved({ workload: 'cpu', model: 'node-worker-pool', workers: 8 }), 2),
    ).toBe(2);
    expect(coresNeeded(resolved({ workload: 'cpu', model: 'node-async' }), 2)).toBe(1);
  });

  it('measures a pool start-up from the run start to its last ready worker', () => {
    const params = resolved({ workload: 'echo', model: 'node-worker-pool', workers: 2 });
    const at = (
      kind: 'run-start' | 'worker-spawn' | 'worker-exit',
      time: number,
      name?: string,
    ) => ({
      runId: 'r',
      kind,
      time,
      ...(name === undefined ? {} : { name }),
    });
    const events = [
      at('run-start', 1000),
      at('worker-spawn', 1400, 'io-w1'),
      at('worker-spawn', 3900, 'io-w2'),
      at('worker-exit', 5000, 'io-w1'),
    ];
    expect(workerStartupMs(params, events)).toBe(2900);
    expect(workerStartupMs(params, events.slice(0, 1))).toBeNull();
    expect(workerStartupMs({ ...params, model: 'node-async' }, events)).toBeNull();
  });
});

describe('free cores before a run', () => {
  const sample = (time: number, total: number) => ({ time, total, cores: [total, total] });

  it('averages the last two seconds of the CPU chart over every core', () => {
    expect(freeCoresOf([])).toBeNull();
    // An old busy spell is left out; the last two seconds were 75 % busy on 2 cores.
    const samples = [sample(0, 100), sample(5000, 70), sample(6000, 80), sample(7000, 75)];
    expect(freeCoresOf(samples)).toBeCloseTo(0.5);
    expect(freeCoresOf([sample(0, 0)])).toBe(2);
  });
});
