import { cpus, totalmem } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreSample, SamplingState } from '../../../src/shared/contract';
import { LabService } from '../../../src/core/service';

describe('LabService', () => {
  let service: LabService | undefined;
  afterEach(async () => service?.dispose());

  it('answers system:info from the real machine', async () => {
    service = new LabService();
    const result = await service.call('system:info', {});
    expect(result.ok).toBe(true);
    const info = (
      result as { value: { logicalCores: number; totalMemoryBytes: number; cpuModel: string } }
    ).value;
    expect(info.logicalCores).toBe(cpus().length);
    expect(info.totalMemoryBytes).toBe(totalmem());
    expect(info.cpuModel.length).toBeGreaterThan(0);
  });

  it('streams busy % for every logical core within 0..100', async () => {
    service = new LabService();
    const samples: CoreSample[] = [];
    service.onStream((stream, payload) => {
      if (stream === 'sample:cores') samples.push(payload as CoreSample);
    });
    expect((await service.call('sampling:set-interval', { intervalMs: 100 })).ok).toBe(true);
    service.start();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => samples.length >= 3 && (clearInterval(check), resolve()), 20);
    });
    for (const sample of samples) {
      expect(sample.cores).toHaveLength(cpus().length);
      for (const busy of [...sample.cores, sample.total]) {
        expect(busy).toBeGreaterThanOrEqual(0);
        expect(busy).toBeLessThanOrEqual(100);
      }
      expect(sample.elapsedMs).toBeGreaterThan(0);
    }
  });

  it('pauses and resumes, pushing the new state to every view', async () => {
    service = new LabService();
    const states: SamplingState[] = [];
    service.onStream((stream, payload) => {
      if (stream === 'sampling:state') states.push(payload as SamplingState);
    });
    expect(await service.call('sampling:pause', {})).toEqual({
      ok: true,
      value: { intervalMs: 500, paused: true },
    });
    await service.call('sampling:resume', {});
    expect(states.map((state) => state.paused)).toEqual([true, false]);
  });

  it('refuses bad requests with a readable error and changes nothing', async () => {
    service = new LabService();
    expect(await service.call('sampling:set-interval', { intervalMs: 5 })).toEqual({
      ok: false,
      error: 'sampling:set-interval: intervalMs: must be at least 100 ms (got 5)',
      issues: [{ path: ['intervalMs'], label: 'Interval', message: 'at least 100 ms' }],
    });
    expect(await service.call('sampling:get-state', {})).toEqual({
      ok: true,
      value: { intervalMs: 500, paused: false },
    });
    expect(await service.call('no:such-channel', {})).toEqual({
      ok: false,
      error: 'unknown channel: "no:such-channel"',
    });
  });
});
