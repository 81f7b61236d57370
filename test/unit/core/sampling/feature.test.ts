import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEmitter } from '../../../../src/core/feature';
import { LinuxProcessSampler } from '../../../../src/core/sampling/linux-processes';
import {
  createSamplingFeature,
  type SamplingFeature,
} from '../../../../src/core/sampling/sampling-feature';
import { LabService } from '../../../../src/core/service';
import { TrackedProcesses } from '../../../../src/core/tracked-processes';
import type { StreamChannel, StreamPayloads } from '../../../../src/shared/contract';
import type { ProcessSamplingState } from '../../../../src/shared/sampling';
import { requireMachine } from '../../support/machine';
import { Children, waitFor } from '../../support/os-helpers';

/** Every payload pushed, by stream. */
class Streams {
  readonly got = new Map<StreamChannel, unknown[]>();
  readonly emit: StreamEmitter = (stream, payload) => {
    const list = this.got.get(stream) ?? [];
    list.push(payload);
    this.got.set(stream, list);
  };
  all<S extends StreamChannel>(stream: S): StreamPayloads[S][] {
    return (this.got.get(stream) ?? []) as StreamPayloads[S][];
  }
}

describe('the sampling feature', () => {
  beforeEach(({ skip }) => requireMachine(skip, 'linux'));
  const children = new Children();
  let feature: SamplingFeature | undefined;
  afterEach(async () => {
    await feature?.dispose?.();
    await children.killAll();
  });

  const start = (streams: Streams, tracked = new TrackedProcesses()): SamplingFeature => {
    const sampler = new LinuxProcessSampler();
    feature = createSamplingFeature(streams.emit, tracked, {
      processes: { sampler, tableIntervalMs: 250 },
    });
    void feature.handlers['sampling:set-interval']({ intervalMs: 100 });
    feature.start?.();
    return feature;
  };

  it('streams the system split, the table as changes, and threads of tracked processes', async () => {
    const streams = new Streams();
    const tracked = new TrackedProcesses();
    const child = children.start('sleep', ['30']);
    tracked.set('experiment', [child.pid as number]);
    start(streams, tracked);
    await waitFor(
      () => streams.all('sample:threads').length >= 3 && streams.all('sample:system').length >= 2,
    );

    const system = streams.all('sample:system').at(-1);
    expect(system?.cores.length).toBeGreaterThan(0);
    expect(system?.total.iowait).not.toBeNull(); // Linux reports it
    expect(system?.loadAverage).toHaveLength(3);
    expect(streams.all('sample:cores').length).toBeGreaterThan(0); // the chart's stream still flows

    const [first, second, third] = streams.all('sample:processes');
    expect(first?.full).toBe(true);
    expect(second?.full).toBe(false);
    expect(second?.seq).toBe((first?.seq ?? 0) + 1);
    // The second tick fills in every first rate; from then on only what changed is sent.
    expect(third?.upserts.length).toBeLessThan(first?.upserts.length ?? 0);
    const row = first?.upserts.find((candidate) => candidate.pid === child.pid);
    expect(row).toMatchObject({ trackedBy: 'experiment', watched: true, name: 'sleep' });

    const threads = streams.all('sample:threads').at(-1);
    expect(threads?.processes.find((p) => p.pid === child.pid)?.trackedBy).toBe('experiment');
    expect(threads?.totalThreads).toBeGreaterThan(0);
    const history = await feature?.handlers['processes:history']({});
    expect(history?.threads.length).toBeGreaterThanOrEqual(2);
    const snapshot = feature?.snapshots()[0]?.payload;
    expect(snapshot?.full).toBe(true);
    expect(snapshot?.upserts.some((candidate) => candidate.pid === child.pid)).toBe(true);
  });

  it('sends the watch list again once a process tracked before its first table tick is known', async () => {
    const streams = new Streams();
    const tracked = new TrackedProcesses();
    start(streams, tracked);
    // Tracked now, before any table tick has listed it: its key cannot be known yet.
    const child = children.start('sleep', ['30']);
    const pid = child.pid as number;
    tracked.set('experiment', [pid]);
    const first = streams.all('processes:state').at(-1);
    expect(first?.watched.find((entry) => entry.pid === pid)?.key).toBe(`${pid}:?`);
    // After the table's next tick the page gets the key every row and thread sample uses.
    await waitFor(() =>
      streams
        .all('sample:processes')
        .some((sample) => sample.upserts.some((row) => row.pid === pid)),
    );
    await waitFor(() => streams.all('processes:state').length > 1);
    const known = streams
      .all('processes:state')
      .at(-1)
      ?.watched.find((entry) => entry.pid === pid);
    const row = streams
      .all('sample:processes')
      .flatMap((sample) => sample.upserts)
      .find((candidate) => candidate.pid === pid);
    expect(known?.key).toBe(row?.key);
    expect(known?.key).not.toMatch(/:\?$/);
  });

  it('watches and unwatches a process, and refuses a pid that does not exist', async () => {
    const streams = new Streams();
    const lab = start(streams);
    const child = children.start('sleep', ['30']);
    const state = (await lab.handlers['processes:watch']({
      pid: child.pid as number,
    })) as ProcessSamplingState;
    expect(state.watched).toEqual([
      expect.objectContaining({ pid: child.pid, byUser: true, trackedBy: null }),
    ]);
    await waitFor(() =>
      streams.all('sample:threads').some((s) => s.processes.some((p) => p.pid === child.pid)),
    );
    await expect(lab.handlers['processes:watch']({ pid: 2 ** 30 })).rejects.toThrow(
      `no process with pid ${2 ** 30}`,
    );
    const after = (await lab.handlers['processes:unwatch']({
      pid: child.pid as number,
    })) as ProcessSamplingState;
    expect(after.watched).toEqual([]);
    expect(streams.all('processes:state').length).toBeGreaterThanOrEqual(2);
  });

  it('forgets a watch when its process ends', async () => {
    const streams = new Streams();
    const lab = start(streams);
    const child = children.start('sleep', ['0.5']);
    await lab.handlers['processes:watch']({ pid: child.pid as number });
    await waitFor(() => {
      const states = streams.all('processes:state');
      return states.length > 1 && states.at(-1)?.watched.length === 0;
    });
  });

  it('pause stops the table too, resume restarts it', async () => {
    const streams = new Streams();
    const lab = start(streams);
    await waitFor(() => streams.all('sample:processes').length >= 1);
    await lab.handlers['sampling:pause']({});
    const count = streams.all('sample:processes').length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(streams.all('sample:processes').length).toBe(count);
    expect(((await lab.handlers['processes:get-state']({})) as ProcessSamplingState).paused).toBe(
      true,
    );
    await lab.handlers['sampling:resume']({});
    await waitFor(() => streams.all('sample:processes').length > count);
  });
});

describe('the process channels in the contract', () => {
  let service: LabService | undefined;
  afterEach(async () => service?.dispose());

  it('refuses bad requests with readable errors', async () => {
    service = new LabService();
    expect(await service.call('processes:watch', { pid: -1 })).toEqual({
      ok: false,
      error: 'processes:watch: pid: must be a process id ≥ 1 (got -1)',
      issues: [{ path: ['pid'], label: 'Process id', message: 'must be a process id ≥ 1' }],
    });
    expect(await service.call('processes:watch', { pid: 'x' })).toEqual({
      ok: false,
      error: 'processes:watch: pid: must be a process id (a number)',
      issues: [expect.objectContaining({ path: ['pid'], label: 'Process id' }) as unknown],
    });
    expect(await service.call('sampling:set-table-interval', { intervalMs: 5 })).toEqual({
      ok: false,
      error: 'sampling:set-table-interval: intervalMs: must be at least 250 ms (got 5)',
      issues: [
        expect.objectContaining({ path: ['intervalMs'], message: 'at least 250 ms' }) as unknown,
      ],
    });
    const ok = await service.call('sampling:set-table-interval', { intervalMs: 2000 });
    expect(ok).toMatchObject({ ok: true, value: { tableIntervalMs: 2000 } });
  });
});
