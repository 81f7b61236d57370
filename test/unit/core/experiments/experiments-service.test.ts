import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabService } from '../../../../src/core/service';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';

describe('experiments through the LabService contract', () => {
  let service: LabService | undefined;
  let recordings: string | undefined;
  afterEach(async () => {
    await service?.dispose();
    if (recordings !== undefined) rmSync(recordings, { recursive: true, force: true });
  });

  function newService(): LabService {
    recordings = mkdtempSync(join(tmpdir(), 'lab-exp-test-'));
    service = new LabService({ recordingsDir: recordings });
    return service;
  }

  it('refuses invalid parameters with a readable error naming the field', async () => {
    const lab = newService();
    const answer = await lab.call('experiment:start', {
      runs: [{ workload: 'cpu', model: 'node-worker-pool', workers: 300 }],
    });
    expect(answer).toEqual({
      ok: false,
      error: 'experiment:start: runs.0.workers: workers must be at most 256 (got 300)',
      // The same refusal per field, in the words a form shows next to the field.
      issues: [{ path: ['runs', 0, 'workers'], label: 'Workers', message: 'at most 256' }],
    });
  });

  it('runs an experiment, streams its result and tracks its processes meanwhile', async () => {
    const lab = newService();
    const trackedSeen: number[] = [];
    lab.tracked.onChange(() => trackedSeen.push(lab.tracked.all().size));
    const result = new Promise<ExperimentResult>((resolve) => {
      lab.onStream((stream, payload) => {
        if (stream === 'experiment:result') resolve(payload as ExperimentResult);
      });
    });
    const started = await lab.call('experiment:start', {
      runs: [
        {
          workload: 'cpu',
          model: 'node-process-pool',
          workers: 2,
          tasks: 4,
          cpuSize: 1000,
          baseline: 'skip',
        },
      ],
    });
    expect(started.ok).toBe(true);
    const finished = await result;
    expect(finished).toMatchObject({ status: 'ok', checksumOk: true });
    expect(Math.max(...trackedSeen)).toBeGreaterThanOrEqual(3); // host + 2 worker processes
    expect(lab.tracked.all().size).toBe(0);
    const listed = await lab.call('experiment:list-results', {});
    expect(listed.ok && (listed.value as ExperimentResult[]).length).toBe(1);
  });
});
