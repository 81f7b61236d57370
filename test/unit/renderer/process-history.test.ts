import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../../src/shared/sampling';
import {
  BLOCKS,
  cpuSparkline,
  GONE_TICKS,
  HISTORY_LENGTH,
  memorySparkline,
  ProcessHistoryStore,
  seriesFigures,
  sparkline,
} from '../../../src/renderer/src/features/processes/process-history';

/** A table row with just what the history reads set meaningfully. */
function row(pid: number, cpuPercent: number | null, rssBytes: number | null = 1024): ProcessRow {
  return {
    key: `${pid}:1`,
    pid,
    ppid: 1,
    name: `p${pid}`,
    command: '',
    user: 'root',
    state: 'S',
    cpuPercent,
    rssBytes,
    threads: 1,
    voluntarySwitchesPerSec: null,
    involuntarySwitchesPerSec: null,
    startTime: null,
    kernelThread: false,
    trackedBy: null,
    watched: false,
  };
}

describe('ProcessHistoryStore', () => {
  it('keeps the last HISTORY_LENGTH samples of each process, oldest first', () => {
    const store = new ProcessHistoryStore();
    for (let tick = 0; tick < 200; tick += 1) store.record(tick * 1000, [row(7, tick, tick * 10)]);
    const history = store.history('7:1');
    expect(history?.cpu).toHaveLength(HISTORY_LENGTH);
    expect(history?.cpu[0]).toBe(200 - HISTORY_LENGTH);
    expect(history?.cpu.at(-1)).toBe(199);
    expect(history?.rss.at(-1)).toBe(1990);
    expect(history?.times.at(-1)).toBe(199_000);
  });

  it('drops a gone process after GONE_TICKS ticks and keeps live ones', () => {
    const store = new ProcessHistoryStore();
    store.record(0, [row(1, 5), row(2, 5)]);
    for (let tick = 1; tick <= GONE_TICKS; tick += 1) store.record(tick, [row(1, 5)]);
    expect(store.history('2:1')).not.toBeNull(); // just gone: still readable
    store.record(GONE_TICKS + 1, [row(1, 5)]);
    expect(store.history('2:1')).toBeNull();
    expect(store.history('1:1')?.cpu).toHaveLength(GONE_TICKS + 2);
  });

  it('stays bounded with 600 live processes and heavy churn, keeping the live ones', () => {
    const max = 1000;
    const store = new ProcessHistoryStore(HISTORY_LENGTH, max);
    const live = Array.from({ length: 600 }, (_, index) => row(index + 1, index % 100));
    let nextPid = 10_000;
    for (let tick = 0; tick < 300; tick += 1) {
      // 50 short-lived processes a tick, each seen once: 30 ticks of them would be 1500.
      const churn = Array.from({ length: 50 }, () => row((nextPid += 1), 1));
      store.record(tick * 1000, [...live, ...churn]);
      expect(store.size).toBeLessThanOrEqual(max);
    }
    expect(store.size).toBe(max);
    for (const process of live) expect(store.history(process.key)?.cpu).toHaveLength(60);
    // The newest short-lived ones are kept, the oldest gone.
    expect(store.history(`${nextPid}:1`)).not.toBeNull();
    expect(store.history('10001:1')).toBeNull();
  });

  it('tells subscribers once per tick', () => {
    const store = new ProcessHistoryStore();
    let calls = 0;
    const stop = store.subscribe(() => (calls += 1));
    store.record(0, [row(1, 1), row(2, 2)]);
    store.record(1, [row(1, 1)]);
    stop();
    store.record(2, [row(1, 1)]);
    expect(calls).toBe(2);
  });
});

describe('sparklines', () => {
  it('maps values from low to high onto the eight blocks, newest on the right', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 0, 7)).toBe(BLOCKS);
    expect(sparkline([7, 0], 0, 7)).toBe('█▁');
  });

  it('pads a short history on the left and shows missing samples as blanks', () => {
    expect(sparkline([null, 100], 0, 100, 4)).toBe('   █');
    expect(sparkline([1, 2, 3, 4, 5], 0, 5, 2)).toBe('▇█');
  });

  it('scales CPU to one core, or to the busiest sample above it', () => {
    expect(cpuSparkline([0, 50, 100])).toBe('▁▅█');
    expect(cpuSparkline([0, 0, 0])).toBe('▁▁▁');
    expect(cpuSparkline([100, 200])).toBe('▅█');
    expect(cpuSparkline([150, 0, 0], 2)).toBe('▁▁'); // only the shown samples set the scale
  });

  it('scales memory between its own low and high, so growth shows', () => {
    expect(memorySparkline([45e6, 46e6, 48e6])).toBe('▁▃█');
    expect(memorySparkline([45e6, 45e6])).toBe('▁▁');
    expect(memorySparkline([null, null])).toBe('  ');
  });

  it('reports now, min, max and first over the known values', () => {
    expect(seriesFigures([null, 12, 98, 3])).toEqual({ now: 3, min: 3, max: 98, first: 12 });
    expect(seriesFigures([null])).toBeNull();
  });
});
