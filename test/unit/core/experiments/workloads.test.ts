import { describe, expect, it } from 'vitest';
import {
  expectedChecksum,
  primeCountsBySieve,
} from '../../../../src/core/experiments/tasks/expected';
import {
  CPU_RANGE_COUNT,
  combineChecksum,
  countPrimesForTask,
  isPrime,
  runTask,
} from '../../../../src/core/experiments/tasks/workloads';
import type { ResolvedExperimentParams } from '../../../../src/shared/experiment-params';
import { experimentParamsSchema } from '../../../../src/shared/experiment-params';

const params = (over: Partial<ResolvedExperimentParams>): ResolvedExperimentParams => ({
  ...experimentParamsSchema.parse({ workload: 'cpu', model: 'node-sequential' }),
  workers: 2,
  ...over,
});

describe('workloads', () => {
  it('tests primality by trial division', () => {
    const primes = Array.from({ length: 30 }, (_, n) => n).filter(isPrime);
    expect(primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
  });

  it('verifies CPU tasks with a sieve that agrees with trial division', () => {
    const counts = primeCountsBySieve(3000);
    for (let i = 0; i < CPU_RANGE_COUNT; i += 1)
      expect(counts[i]).toBe(countPrimesForTask(i, 3000));
  });

  it('combines results in any order to the same checksum', () => {
    const results = [5, 9, 2, 7].map((r, i) => [i, r] as const);
    const forward = results.reduce((sum, [i, r]) => combineChecksum(sum, i, r), 0);
    const backward = [...results].reverse().reduce((sum, [i, r]) => combineChecksum(sum, i, r), 0);
    expect(forward).toBe(backward);
    expect(forward).toBe(1 * 5 + 2 * 9 + 3 * 2 + 4 * 7);
  });

  it('expects the checksum the tasks produce', async () => {
    const run = params({ workload: 'mixed', tasks: 20, cpuSize: 500, latencyMs: 0 });
    const config = {
      workload: run.workload,
      cpuSize: run.cpuSize,
      latencyMs: 0,
      fileDir: null,
      fileCount: 1,
      echoPort: null,
    };
    let checksum = 0;
    for (let i = 0; i < run.tasks; i += 1)
      checksum = combineChecksum(checksum, i, await runTask(config, i));
    expect(checksum).toBe(expectedChecksum(run));
  });
});
