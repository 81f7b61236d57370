import { describe, expect, it } from 'vitest';
import type { ThreadCounters } from '../../../../src/core/experiments/lab/lane-builder';
import {
  TickPacker,
  eachTick,
  type PackedTicks,
} from '../../../../src/core/experiments/lab/lane-tick-codec';
import type { ThreadsTick } from '../../../../src/core/experiments/lab/run-threads-reader';

/** A thread as the reader gives it. */
function thread(tid: number, name: string, runNs: number, core: number | null): ThreadCounters {
  return {
    pid: 100,
    tid,
    name,
    sched: { runNs, waitNs: runNs / 10, timeslices: tid },
    state: core === null ? 'S' : 'R',
    core,
  };
}

/** Every tick of a batch, copied out of the objects eachTick refills. */
function unpackTicks(batch: PackedTicks, names: Map<number, string>): ThreadsTick[] {
  const ticks: ThreadsTick[] = [];
  eachTick(batch, names, ({ t, threads }) =>
    ticks.push({
      t,
      threads: threads.map((thread) => ({ ...thread, sched: { ...thread.sched } })),
    }),
  );
  return ticks;
}

describe('ticks packed for the trip from the sampling thread', () => {
  it('arrive as they were read, batch after batch, names sent only when new or changed', () => {
    const packer = new TickPacker();
    const names = new Map<number, string>();
    const first: ThreadsTick[] = [
      { t: 0, threads: [thread(100, 'exp-host', 5e9, 0), thread(101, 'exp-host', 0, null)] },
      // Large counters stay exact: a run's nanoseconds pass 2^32 within seconds.
      { t: 45, threads: [thread(100, 'exp-host', 5e9 + 123_456_789, 1)] },
    ];
    for (const tick of first) packer.add(tick);
    expect(packer.count).toBe(2);
    const batch = packer.take();
    expect(batch.names).toEqual([
      [100, 'exp-host'],
      [101, 'exp-host'],
    ]);
    expect(unpackTicks(batch, names)).toEqual(first);
    // The next batch: a thread renamed itself, another is new; the rest keep their names.
    const second: ThreadsTick[] = [
      {
        t: 90,
        threads: [
          thread(100, 'exp-host', 6e9, 0),
          thread(101, 'io-async', 1e6, 1),
          thread(102, 'cpu-w1', 2e6, 0),
        ],
      },
      { t: 135, threads: [] },
    ];
    for (const tick of second) packer.add(tick);
    const next = packer.take();
    expect(next.names).toEqual([
      [101, 'io-async'],
      [102, 'cpu-w1'],
    ]);
    expect(unpackTicks(next, names)).toEqual(second);
    // An empty batch unpacks to no ticks.
    expect(unpackTicks(packer.take(), names)).toEqual([]);
  });

  it('grows past its first buffer without losing a thread', () => {
    const packer = new TickPacker();
    const many = Array.from({ length: 900 }, (_, i) =>
      thread(1000 + i, `cpu-w${i}`, i * 1e6, i % 2),
    );
    const ticks: ThreadsTick[] = [0, 45, 90].map((t) => ({ t, threads: many }));
    for (const tick of ticks) packer.add(tick);
    expect(unpackTicks(packer.take(), new Map())).toEqual(ticks);
  });
});
