import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEmitter } from '../../../../src/core/feature';
import { createIpcFeature } from '../../../../src/core/ipc/lab/ipc-feature';
import { TrackedProcesses } from '../../../../src/core/tracked-processes';
import type { StreamChannel, StreamPayloads } from '../../../../src/shared/contract';
import { IPC_MECHANISMS } from '../../../../src/shared/ipc-mechanisms';
import type { IpcResultEvent } from '../../../../src/shared/ipc-results';
import { childPids, isAlive } from '../../support/ipc-helpers';

type Emitted = { [S in StreamChannel]: { stream: S; payload: StreamPayloads[S] } }[StreamChannel];

function setup() {
  const emitted: Emitted[] = [];
  const waiters: { match: (e: Emitted) => boolean; resolve: (e: Emitted) => void }[] = [];
  const emit: StreamEmitter = (stream, payload) => {
    const event = { stream, payload } as Emitted;
    emitted.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  };
  const next = (match: (e: Emitted) => boolean): Promise<Emitted> =>
    new Promise((resolve) => {
      const found = emitted.find(match);
      if (found) resolve(found);
      else waiters.push({ match, resolve });
    });
  const tracked = new TrackedProcesses();
  const trackedHistory: number[][] = [];
  tracked.onChange(() => trackedHistory.push([...tracked.all().keys()]));
  const feature = createIpcFeature(emit, tracked);
  return { feature, emitted, next, tracked, trackedHistory };
}

let dispose: (() => Promise<void> | void) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
  expect(childPids()).toEqual([]);
});

describe('IPC feature (jobs in a runner process)', () => {
  it('runs a mechanism out of process, streams traffic, reports and then clears its pids', async () => {
    const { feature, next, tracked, trackedHistory } = setup();
    dispose = feature.dispose;
    const started = await feature.handlers['ipc:start']({
      mechanism: 'unix-socket',
      mode: 'throughput',
      sizeBytes: 2048,
      count: 300,
      producers: 2,
    });
    expect(started.active?.kind).toBe('run');
    const event = await next((e) => e.stream === 'ipc:result');
    const result = (event.payload as IpcResultEvent & { kind: 'run' }).result;
    expect(result.status).toBe('completed');
    expect(result.correctness).toMatchObject({ sent: 300, received: 300, lost: 0 });
    // The runner, not this process, carried the traffic: its pid and the two peers were tracked.
    expect(result.pids).not.toContain(process.pid);
    expect(trackedHistory.some((pids) => pids.length === 3)).toBe(true);
    await next((e) => e.stream === 'ipc:state' && e.payload.active === null);
    expect(tracked.all().size).toBe(0);
    for (const pid of result.pids) expect(isAlive(pid)).toBe(false);
    expect(await feature.handlers['ipc:state']({})).toEqual({ active: null });
  });

  it('Stop ends a running job at once and kills everything it started', async () => {
    const { feature, next } = setup();
    dispose = feature.dispose;
    await feature.handlers['ipc:start']({
      mechanism: 'tcp',
      mode: 'round-trip',
      sizeBytes: 64,
      durationMs: 60_000,
      producers: 1,
    });
    await next((e) => e.stream === 'ipc:traffic' && e.payload.totalMessages > 0);
    const pids = ((await feature.handlers['ipc:state']({})).active?.pids ?? []).slice();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await expect(
      feature.handlers['ipc:start']({
        mechanism: 'tcp',
        mode: 'throughput',
        sizeBytes: 64,
        count: 1,
        producers: 1,
      }),
    ).rejects.toThrow(/already running/);
    const after = await feature.handlers['ipc:stop']({});
    expect(after.active).toBeNull();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    const event = await next((e) => e.stream === 'ipc:result');
    expect((event.payload as IpcResultEvent & { kind: 'run' }).result.status).toBe('stopped');
  });

  it('answers the race demo and compare calls', async () => {
    const { feature, emitted } = setup();
    dispose = feature.dispose;
    const race = await feature.handlers['ipc:race']({
      workers: 2,
      iterations: 1000,
      window: 0,
      modes: ['atomic'],
    });
    expect(race).toEqual([
      expect.objectContaining({ mode: 'atomic', lostUpdates: 0, actual: 2000 }),
    ]);
    const compare = await feature.handlers['ipc:compare']({
      sizeBytes: 1024,
      durationMs: 100,
      mechanisms: ['unix-socket', 'message-port'],
    });
    expect(compare.status).toBe('completed');
    expect(compare.entries.map((e) => e.mechanism)).toEqual(['unix-socket', 'message-port']);
    for (const entry of compare.entries) {
      expect(entry.throughput?.ratio).toBeGreaterThan(0);
      expect(entry.roundTrip?.ratio).toBeGreaterThan(0);
      expect(entry.throughput?.mechanism.lost).toBe(0);
    }
    expect(emitted.some((e) => e.stream === 'ipc:result' && e.payload.kind === 'compare')).toBe(
      true,
    );
  });

  it('lists every mechanism with whether it can run here', async () => {
    const { feature } = setup();
    const list = await feature.handlers['ipc:mechanisms']({});
    expect(list.map((info) => info.id)).toEqual([...IPC_MECHANISMS]);
    for (const info of list) {
      if (!info.available) expect(info.reason).toBeTruthy();
    }
  });
});
