import { afterEach, describe, expect, it } from 'vitest';
import { runTraffic } from '../../../../src/core/ipc/jobs/run-traffic';
import { IPC_MECHANISMS, type IpcMechanism } from '../../../../src/shared/ipc-mechanisms';
import type { IpcRunResult } from '../../../../src/shared/ipc-results';
import { childPids, isAlive, peerPids } from '../../support/ipc-helpers';

// The Python mechanisms have their own tests (python-mechanisms.test.ts): one producer end each.
const DATA_MECHANISMS = IPC_MECHANISMS.filter((m) => m !== 'signals' && !m.startsWith('python-'));

function expectIntact(result: IpcRunResult, count: number): void {
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('completed');
  expect(result.correctness).toEqual({
    sent: count,
    received: count,
    lost: 0,
    duplicated: 0,
    corrupted: 0,
  });
}

afterEach(() => {
  // Every peer a run started has exited and been reaped by the time runTraffic returns.
  expect(childPids()).toEqual([]);
});

describe('each mechanism moves N messages intact', () => {
  it.each(DATA_MECHANISMS)('%s: throughput, two producers', async (mechanism: IpcMechanism) => {
    const result = await runTraffic({
      mechanism,
      mode: 'throughput',
      sizeBytes: 1000,
      count: 400,
      producers: 2,
    });
    expectIntact(result, 400);
    expect(result.totalBytes).toBe(400 * 1000);
    for (const pid of peerPids(result.pids)) expect(isAlive(pid)).toBe(false);
  });

  it.each(DATA_MECHANISMS)('%s: round trip', async (mechanism: IpcMechanism) => {
    const result = await runTraffic({
      mechanism,
      mode: 'round-trip',
      sizeBytes: 4096,
      count: 40,
      producers: 1,
    });
    expectIntact(result, 40);
    expect(result.latency?.count).toBe(40);
    expect(result.latency?.p50Us).toBeGreaterThan(0);
  });

  it.each(['pipe', 'shared-memory', 'message-port'] as const)(
    '%s: 4 MiB messages, spread over many reads or slots',
    async (mechanism) => {
      const result = await runTraffic({
        mechanism,
        mode: 'throughput',
        sizeBytes: 4 * 1024 * 1024,
        count: 3,
        producers: 1,
      });
      expectIntact(result, 3);
    },
  );
});

describe('signals', () => {
  it('delivers no more signals than were sent (bursts coalesce)', async () => {
    const result = await runTraffic({
      mechanism: 'signals',
      mode: 'throughput',
      sizeBytes: 64,
      count: 20_000,
      producers: 2,
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    const { sent, delivered } = result.signals!;
    expect(sent.SIGUSR1 + sent.SIGUSR2).toBe(20_000);
    expect(delivered.SIGUSR1).toBeLessThanOrEqual(sent.SIGUSR1);
    expect(delivered.SIGUSR2).toBeLessThanOrEqual(sent.SIGUSR2);
    expect(delivered.SIGUSR1 + delivered.SIGUSR2).toBeGreaterThan(0);
    expect(result.correctness.lost).toBe(result.correctness.sent - result.correctness.received);
  });

  it('answers each ping in a round trip', async () => {
    const result = await runTraffic({
      mechanism: 'signals',
      mode: 'round-trip',
      sizeBytes: 64,
      count: 30,
      producers: 1,
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.correctness).toMatchObject({ sent: 30, received: 30, lost: 0 });
  });
});

describe('the pipe mechanism', () => {
  it("says what the kernel gave for Node's child stdio", async () => {
    const result = await runTraffic({
      mechanism: 'pipe',
      mode: 'throughput',
      sizeBytes: 64,
      count: 10,
      producers: 1,
    });
    expect(result.kernelObject).toMatch(/socketpair|pipe/);
  });
});
