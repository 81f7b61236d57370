import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CpuTimesSystemSampler } from '../../../../src/core/sampling/generic-system';
import { GenericProcessSampler } from '../../../../src/core/sampling/generic-processes';
import { platformKind } from '../../../../src/core/sampling/platform';
import type { ProcessSampler } from '../../../../src/core/sampling/sampler-types';
import { WorkerProcessSampler } from '../../../../src/core/sampling/worker-process-sampler';
import { requireMachine } from '../../support/machine';
import { watching } from '../../support/os-helpers';

describe('platform choice', () => {
  it('reads /proc on Linux and uses the portable readers everywhere else', () => {
    expect(platformKind('linux')).toBe('linux');
    expect(platformKind('darwin')).toBe('generic');
    expect(platformKind('win32')).toBe('generic');
  });
});

describe('the portable readers (used on macOS and Windows), run here', () => {
  let sampler: ProcessSampler | undefined;
  afterEach(async () => sampler?.close());

  it('mark what they cannot give as unavailable (null), never 0', async () => {
    sampler = new GenericProcessSampler();
    const tick = await sampler.sample(watching(process.pid));
    const self = tick.upserts.find((row) => row.pid === process.pid);
    expect(self).toBeDefined();
    expect(self?.threads).toBeNull();
    expect(self?.voluntarySwitchesPerSec).toBeNull();
    expect(self?.involuntarySwitchesPerSec).toBeNull();
    expect(self?.rssBytes).toBeGreaterThan(0);
    expect(self?.watched).toBe(true);
    expect(tick.threads).toEqual([
      expect.objectContaining({ pid: process.pid, threadCount: null, threads: [] }),
    ]);
    expect(sampler.capabilities).toMatchObject({ threads: false, contextSwitches: false });
  }, 60_000);

  it('give iowait and steal as null in the system split', () => {
    const times = [{ user: 0, nice: 0, sys: 0, idle: 0, irq: 0 }];
    let call = 0;
    const system = new CpuTimesSystemSampler(
      () => (call++ === 0 ? times : [{ user: 50, nice: 0, sys: 25, idle: 25, irq: 0 }]),
      'darwin',
    );
    expect(system.sample()).toBeNull();
    const sample = system.sample();
    expect(sample?.cores[0]).toEqual({
      busy: 75,
      user: 50,
      system: 25,
      iowait: null,
      irq: null,
      steal: null,
    });
    expect(sample?.memory.availableBytes).toBeNull();
    expect(sample?.contextSwitchesPerSec).toBeNull();
  });
});

describe('the worker-thread sampler', () => {
  beforeEach(({ skip }) => requireMachine(skip, 'linux'));
  it('reads in another thread, sends changes only, and ends cleanly', async () => {
    const sampler = new WorkerProcessSampler();
    try {
      const first = await sampler.sample(watching(process.pid));
      expect(sampler.threadId).not.toBeNull();
      expect(first.upserts.some((row) => row.pid === process.pid)).toBe(true);
      expect(first.threads[0]?.threads.length).toBeGreaterThan(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = await sampler.sample(watching(process.pid));
      expect(second.upserts.length).toBeLessThan(first.upserts.length);
      expect(second.costMs).toBeGreaterThan(0);
      expect(await sampler.lookup(process.pid)).toMatchObject({ name: expect.any(String) });
    } finally {
      await sampler.close();
    }
    expect(sampler.threadId).toBeNull();
    await expect(sampler.sample(watching())).rejects.toThrow('sampler is closed');
  }, 30_000);
});
