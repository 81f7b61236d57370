import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProducerConsumer } from '../../../../src/core/ipc/jobs/producer-consumer';
import { runRace } from '../../../../src/core/ipc/jobs/race';
import { usePython, NO_PYTHON_GIVEN } from '../../../../src/core/ipc/mechanisms/python-interpreter';
import { PYTHON_PC_TRANSPORTS, PYTHON_RACE_MODES } from '../../../../src/shared/ipc-requests';
import type { PcQueueSample } from '../../../../src/shared/ipc-results';
import { isAlive } from '../../support/ipc-helpers';
import { SYSTEM_PYTHON, requireMachine } from '../../support/machine';

/**
 * The race demo and producer–consumer in Python, run for real on /usr/bin/python3: threads,
 * processes, multiprocessing.Value, queue.Queue, multiprocessing.Queue and JoinableQueue.
 */

/** Waits until none of `pids` (but this process) exists; returns those still alive. */
async function allGone(pids: number[]): Promise<number[]> {
  const others = (): number[] => pids.filter((pid) => pid !== process.pid && isAlive(pid));
  for (let i = 0; i < 100 && others().length > 0; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return others();
}

describe('Python race demo and producer–consumer on a real interpreter', () => {
  beforeAll(() => usePython({ path: SYSTEM_PYTHON, reason: null }));
  afterAll(() => usePython(NO_PYTHON_GIVEN));

  it('race: threads report the version; unlocked processes report what they lost; the lock loses none', async ({
    skip,
  }) => {
    requireMachine(skip, 'python');
    const pids: number[] = [];
    const results = await runRace(
      { workers: 2, iterations: 100_000, window: 0, modes: ['plain', ...PYTHON_RACE_MODES] },
      undefined,
      (more) => pids.push(...more),
    );
    expect(results.map((r) => r.mode)).toEqual(['plain', ...PYTHON_RACE_MODES]);
    expect(results[0]?.runtime).toBe('node');
    for (const r of results.slice(1)) {
      expect(r.error).toBeUndefined();
      expect(r.runtime).toBe('python');
      expect(r.pythonVersion).toMatch(/^3\.\d+\.\d+$/);
      expect(r.expected).toBe(200_000);
      // Whatever this interpreter does, the count never exceeds the increments and lost is
      // exactly what is missing.
      expect(r.actual).toBeLessThanOrEqual(r.expected);
      expect(r.actual).toBeGreaterThan(0);
      expect(r.lostUpdates).toBe(r.expected - r.actual);
    }
    const [, threads, fast, , locked] = results;
    expect(threads?.switchIntervalS).toBeGreaterThan(0);
    expect(fast?.switchIntervalS).toBeCloseTo(1e-6, 9);
    expect(locked?.actual).toBe(locked?.expected);
    expect(pids.length).toBeGreaterThanOrEqual(5); // the script and two racers per process mode
    expect(await allGone(pids)).toEqual([]);
  });

  it('race without Python: the Python rows say why, the Node row still runs', async () => {
    usePython({ path: null, reason: 'Python is not available: test' });
    try {
      const results = await runRace({
        workers: 2,
        iterations: 1000,
        window: 0,
        modes: ['atomic', 'py-processes'],
      });
      expect(results[0]).toMatchObject({ mode: 'atomic', actual: 2000, lostUpdates: 0 });
      expect(results[1]).toMatchObject({ mode: 'py-processes', runtime: 'python' });
      expect(results[1]?.error).toContain('Python is not available');
    } finally {
      usePython({ path: SYSTEM_PYTHON, reason: null });
    }
  });

  it.for(PYTHON_PC_TRANSPORTS)(
    '%s: every item consumed exactly once, depth never above K, live samples',
    async (transport, { skip }) => {
      requireMachine(skip, 'python');
      const samples: PcQueueSample[] = [];
      const result = await runProducerConsumer(
        {
          transport,
          producers: 3,
          consumers: 2,
          capacity: 5,
          count: 3000,
          produceUs: 0,
          consumeUs: 200,
        },
        { onSample: (sample) => samples.push(sample) },
      );
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('completed'); // 'failed' when the checksums differ
      expect(result).toMatchObject({ produced: 3000, consumed: 3000, lost: 0, duplicated: 0 });
      expect(result.pythonVersion).toMatch(/^3\.\d+\.\d+$/);
      expect(result.maxDepth).toBeLessThanOrEqual(5);
      // Live samples came while it ran (not only the final one), each within K.
      expect(samples.filter((s) => s.consumed < 3000).length).toBeGreaterThan(0);
      for (const sample of samples) expect(sample.depth).toBeLessThanOrEqual(5);
      // Producers are far faster than consumers: they fill the queue and wait for space.
      expect(result.producerBlockedMs).toBeGreaterThan(0);
      expect(await allGone(result.pids)).toEqual([]);
    },
  );

  it('python-mp-queue: Stop mid-run leaves no Python process', async ({ skip }) => {
    requireMachine(skip, 'python');
    const stop = new AbortController();
    let pids: number[] = [];
    const samples: PcQueueSample[] = [];
    const run = runProducerConsumer(
      {
        transport: 'python-mp-queue',
        producers: 2,
        consumers: 2,
        capacity: 8,
        durationMs: 20_000,
        produceUs: 0,
        consumeUs: 100,
      },
      {
        signal: stop.signal,
        onPids: (now) => (pids = now),
        onSample: (sample) => samples.push(sample),
      },
    );
    for (let i = 0; i < 200 && (pids.length < 6 || samples.length < 2); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pids.length).toBe(6); // the runner, the script, two producers, two consumers
    expect(pids.filter((pid) => pid !== process.pid).every(isAlive)).toBe(true);
    stop.abort();
    const result = await run;
    expect(result.status).toBe('stopped');
    expect(await allGone(pids)).toEqual([]);
  });
});
