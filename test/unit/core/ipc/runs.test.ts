import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runTraffic } from '../../../../src/core/ipc/jobs/run-traffic';
import type { IpcRunRequest } from '../../../../src/shared/ipc-requests';
import type { IpcTrafficSample } from '../../../../src/shared/ipc-results';
import { childPids, isAlive, peerPids } from '../../support/ipc-helpers';

let tempRoot = '';
beforeAll(async () => {
  tempRoot = await mkdtemp(join(tmpdir(), 'ipc-runs-test-'));
});
afterAll(async () => {
  await rm(tempRoot, { recursive: true, force: true });
});
afterEach(() => {
  expect(childPids()).toEqual([]);
});

const base: IpcRunRequest = {
  mechanism: 'pipe',
  mode: 'throughput',
  sizeBytes: 1024,
  count: 10,
  producers: 1,
};

describe('invalid parameters are refused with a clear error', () => {
  it.each([
    [{ sizeBytes: 10 }, 'message size must be at least 64 B (got 10 B)'],
    [{ sizeBytes: 5 * 1024 * 1024 }, 'message size must be at most 4 MiB (got 5 MiB)'],
    [{ sizeBytes: 100.5 }, 'message size must be a whole number'],
    [{ count: 10, durationMs: 1000 }, 'give either a message count or a duration, not both'],
    [{ producers: 9 }, 'producers must be at most 8 (got 9)'],
  ])('%j', async (change, message) => {
    const request = { ...base, ...change } as IpcRunRequest;
    await expect(runTraffic(request)).rejects.toThrow(message);
  });
});

describe('temp files', () => {
  it.each(['fifo', 'unix-socket'] as const)(
    '%s: the private temp dir is gone after a run',
    async (mechanism) => {
      const result = await runTraffic({ ...base, mechanism }, { tempRoot });
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('completed');
      expect(await readdir(tempRoot)).toEqual([]);
    },
  );
});

describe('Stop', () => {
  it.each(['fifo', 'tcp', 'shared-memory', 'node-ipc-advanced'] as const)(
    '%s: ends a long run at once, leaving no process and no file behind',
    async (mechanism) => {
      const stop = new AbortController();
      const samples: IpcTrafficSample[] = [];
      const result = await runTraffic(
        { ...base, mechanism, count: undefined, durationMs: 60_000, ratePerSec: 2000 },
        {
          tempRoot,
          signal: stop.signal,
          sampleEveryMs: 50,
          onSample: (sample) => {
            samples.push(sample);
            if (sample.totalMessages > 0) stop.abort();
          },
        },
      );
      expect(result.status).toBe('stopped');
      expect(result.totalMessages).toBeGreaterThan(0);
      expect(samples.at(-1)?.totalMessages).toBe(result.totalMessages);
      for (const pid of peerPids(result.pids)) expect(isAlive(pid)).toBe(false);
      expect(await readdir(tempRoot)).toEqual([]);
    },
  );
});

describe('live traffic', () => {
  it('streams rates and totals while a paced run goes on', async () => {
    const samples: IpcTrafficSample[] = [];
    const result = await runTraffic(
      { ...base, mechanism: 'unix-socket', count: undefined, durationMs: 600, ratePerSec: 1000 },
      { sampleEveryMs: 100, onSample: (sample) => samples.push(sample) },
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    const moving = samples.filter((s) => s.messagesPerSec > 0);
    expect(moving.length).toBeGreaterThan(0);
    expect(samples.at(-1)?.totalMessages).toBe(result.totalMessages);
    // The target rate caps the run: 1000 msgs/s for 0.6 s is at most 600 (+1 for the first).
    expect(result.correctness.sent).toBeLessThanOrEqual(601);
    expect(result.correctness.lost).toBe(0);
  });
});
