import { afterEach, describe, expect, it } from 'vitest';
import { runProducerConsumer } from '../../../../src/core/ipc/jobs/producer-consumer';
import { runRace } from '../../../../src/core/ipc/jobs/race';
import { PC_TRANSPORTS } from '../../../../src/shared/ipc-requests';
import type { PcQueueSample } from '../../../../src/shared/ipc-results';
import { childPids } from '../../support/ipc-helpers';

afterEach(() => {
  expect(childPids()).toEqual([]);
});

describe('producer–consumer', () => {
  it.each(PC_TRANSPORTS)('%s: never holds more than K items, loses none', async (transport) => {
    const samples: PcQueueSample[] = [];
    const result = await runProducerConsumer(
      {
        transport,
        producers: 3,
        consumers: 2,
        capacity: 5,
        count: 600,
        produceUs: 0,
        consumeUs: 200,
      },
      { sampleEveryMs: 20, onSample: (sample) => samples.push(sample) },
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result).toMatchObject({ produced: 600, consumed: 600, lost: 0, duplicated: 0 });
    expect(result.maxDepth).toBeLessThanOrEqual(5);
    for (const sample of samples) expect(sample.depth).toBeLessThanOrEqual(5);
    // Producers are far faster than consumers here: they fill the queue and wait for space.
    expect(result.maxDepth).toBe(5);
    expect(result.producerBlockedMs).toBeGreaterThan(0);
  });

  it('refuses a queue of size 0', async () => {
    await expect(
      runProducerConsumer({
        transport: 'shared-memory',
        producers: 1,
        consumers: 1,
        capacity: 0,
        count: 10,
        produceUs: 0,
        consumeUs: 0,
      }),
    ).rejects.toThrow('queue capacity must be at least 1 (got 0)');
  });
});

describe('race demo', () => {
  it('plain increments lose updates with 2 workers; Atomics.add and the mutex never do', async () => {
    const [plain, atomic, mutex] = await runRace({
      workers: 2,
      iterations: 1_000_000,
      window: 20,
      modes: ['plain', 'atomic', 'mutex'],
    });
    expect(plain?.expected).toBe(2_000_000);
    expect(plain?.lostUpdates).toBeGreaterThan(0);
    expect(plain?.actual).toBe(2_000_000 - (plain?.lostUpdates ?? 0));
    expect(atomic?.lostUpdates).toBe(0);
    expect(atomic?.actual).toBe(2_000_000);
    expect(mutex?.lostUpdates).toBe(0);
  });

  it('a single worker never loses an update, even unsynchronised', async () => {
    const [plain] = await runRace({ workers: 1, iterations: 100_000, window: 5, modes: ['plain'] });
    expect(plain?.lostUpdates).toBe(0);
  });
});
