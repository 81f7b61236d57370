import { describe, expect, it } from 'vitest';
import {
  MODELS,
  WORKLOADS,
  isPythonModel,
  type Model,
  type Workload,
} from '../../../../src/shared/experiment-models';
import { SYSTEM_PYTHON, alive, observeRun, runParams } from '../../support/run-helpers';
import { requireMachine } from '../../support/machine';

async function expectVerified(
  model: Model,
  workload: Workload,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const params = runParams({
    model,
    workload,
    tasks: 6,
    cpuSize: 2000,
    latencyMs: 5,
    fileKiB: 16,
    concurrency: 4,
    baseline: 'skip',
    ...extra,
  });
  const observed = observeRun(params, isPythonModel(model) ? SYSTEM_PYTHON : null);
  const outcome = await observed.finished;
  if (outcome.status !== 'ok') throw new Error(`${model} × ${workload}: ${outcome.error}`);
  expect(outcome.measurement.checksum).toBe(outcome.measurement.expectedChecksum);
  expect(outcome.measurement.wallMs).toBeGreaterThan(0);
  expect(outcome.measurement.userMs + outcome.measurement.sysMs).toBeGreaterThan(0);
  expect(alive(observed.seenPids)).toEqual([]);
}

describe('every model reaches the right checksum (CPU-bound)', () => {
  // python-selectors drives sockets only (refused for CPU work): see python-toolbox.test.ts.
  for (const model of MODELS.filter((m) => m !== 'python-selectors')) {
    it(model, async ({ skip }) => {
      if (isPythonModel(model)) requireMachine(skip, 'python');
      if (model === 'python-gevent') requireMachine(skip, 'gevent');
      await expectVerified(model, 'cpu');
    });
  }
  it('pools also submit with apply (wait for each task)', async () => {
    await expectVerified('node-worker-pool', 'cpu', { submit: 'apply' });
    await expectVerified('node-process-pool', 'cpu', { submit: 'apply', tasks: 3 });
  });
  it('Python pools also submit with apply', async ({ skip }) => {
    requireMachine(skip, 'python');
    await expectVerified('python-threads', 'cpu', { submit: 'apply' });
    await expectVerified('python-processes', 'cpu', { submit: 'apply' });
  });
});

describe('every workload reaches the right checksum', () => {
  // event and condition run on Python threads only: see python-toolbox and python-condition.
  for (const workload of WORKLOADS.filter((w) => !['cpu', 'event', 'condition'].includes(w))) {
    it(`${workload}: Node async and worker pool`, async () => {
      await expectVerified('node-async', workload);
      await expectVerified('node-worker-pool', workload);
    });
    it(`${workload}: Python threads and asyncio`, async ({ skip }) => {
      requireMachine(skip, 'python');
      await expectVerified('python-threads', workload);
      await expectVerified('python-asyncio', workload);
    });
  }
  it('file reads in child processes', () => expectVerified('node-process-pool', 'file'));
  it('echo requests from Python processes', async ({ skip }) => {
    requireMachine(skip, 'python');
    await expectVerified('python-processes', 'echo');
  });
});
