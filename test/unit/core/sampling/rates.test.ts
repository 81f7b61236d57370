import { describe, expect, it } from 'vitest';
import { meanSplit, splitBetween } from '../../../../src/core/sampling/cpu-split';
import { ProcessTable } from '../../../../src/core/sampling/process-table';
import type { CpuTicks } from '../../../../src/core/sampling/system-parsers';
import { threadDeltas } from '../../../../src/core/sampling/thread-reader';
import type { ProcessRow } from '../../../../src/shared/sampling';

const ticks = (over: Partial<CpuTicks>): CpuTicks => ({
  user: 0,
  nice: 0,
  system: 0,
  idle: 0,
  iowait: 0,
  irq: 0,
  softirq: 0,
  steal: 0,
  ...over,
});

describe('splitBetween', () => {
  it('splits an interval into user / system / iowait / irq / steal; busy leaves out iowait', () => {
    const split = splitBetween(
      ticks({}),
      ticks({ user: 30, nice: 10, system: 20, idle: 20, iowait: 10, irq: 2, softirq: 3, steal: 5 }),
    );
    expect(split).toEqual({ busy: 70, user: 40, system: 20, iowait: 10, irq: 5, steal: 5 });
  });

  it('keeps columns the kernel lacks null, never 0', () => {
    const old = { iowait: null, irq: null, softirq: null, steal: null };
    const split = splitBetween(ticks(old), ticks({ ...old, user: 50, idle: 50 }));
    expect(split).toEqual({ busy: 50, user: 50, system: 0, iowait: null, irq: null, steal: null });
  });

  it('reads an idle core when counters did not move or went backwards (no NaN)', () => {
    expect(splitBetween(ticks({ user: 5 }), ticks({ user: 5 })).busy).toBe(0);
    const backwards = splitBetween(ticks({ user: 50, idle: 50 }), ticks({ user: 10, idle: 60 }));
    expect(backwards.busy).toBe(0);
    expect(Number.isNaN(backwards.user)).toBe(false);
  });

  it('averages cores for the machine, null if any core lacks a column', () => {
    const a = { busy: 100, user: 100, system: 0, iowait: 0, irq: 0, steal: null };
    const b = { busy: 0, user: 0, system: 0, iowait: 0, irq: 0, steal: 0 };
    expect(meanSplit([a, b])).toEqual({
      busy: 50,
      user: 50,
      system: 0,
      iowait: 0,
      irq: 0,
      steal: null,
    });
  });
});

describe('threadDeltas', () => {
  const at = (runNs: number, waitNs: number, timeslices: number) => ({ runNs, waitNs, timeslices });

  it('splits an interval into running, ready and blocked from schedstat deltas', () => {
    // 1 s interval: 300 ms on a CPU, 200 ms waiting for one, 25 switches.
    const deltas = threadDeltas(at(0, 0, 0), at(300e6, 200e6, 25), 1000);
    expect(deltas.cpuPercent).toBeCloseTo(30);
    expect(deltas.split?.running).toBeCloseTo(30);
    expect(deltas.split?.ready).toBeCloseTo(20);
    expect(deltas.split?.blocked).toBeCloseTo(50);
    expect(deltas.switchesPerSec).toBeCloseTo(25);
  });

  it('never exceeds 100 % (wait time lands when the thread gets the CPU)', () => {
    const deltas = threadDeltas(at(0, 0, 0), at(700e6, 900e6, 1), 1000);
    expect(deltas.split).toEqual({ running: 70, ready: 30, blocked: 0 });
  });

  it('takes off waiting time already shown by inference', () => {
    const deltas = threadDeltas(at(0, 0, 0), at(100e6, 1500e6, 1), 1000, 1000e6);
    expect(deltas.split?.ready).toBeCloseTo(50);
  });

  it('gives nulls for an empty interval and never negatives', () => {
    expect(threadDeltas(at(0, 0, 0), at(1, 1, 1), 0).split).toBeNull();
    const backwards = threadDeltas(at(500, 500, 5), at(0, 0, 0), 1000);
    expect(backwards.split).toEqual({ running: 0, ready: 0, blocked: 100 });
    expect(backwards.switchesPerSec).toBe(0);
  });
});

const row = (key: string, cpuPercent: number | null = 0): ProcessRow => ({
  key,
  pid: Number(key.split(':')[0]),
  ppid: 1,
  name: 'p',
  command: 'p',
  user: 'root',
  state: 'S',
  cpuPercent,
  rssBytes: 1,
  threads: 1,
  voluntarySwitchesPerSec: 0,
  involuntarySwitchesPerSec: 0,
  startTime: 0,
  kernelThread: false,
  trackedBy: null,
  watched: false,
});

describe('ProcessTable', () => {
  it('sends only rows that changed, and keys that went away', () => {
    const sending = new ProcessTable();
    const receiving = new ProcessTable();
    const a = row('1:10');
    const b = row('2:20');
    const first = sending.replaceAll([a, b]);
    expect(first.upserts).toHaveLength(2);
    receiving.apply(first);

    const second = sending.replaceAll([a, { ...b }, row('3:30', 50)]);
    expect(second.upserts.map((r) => r.key)).toEqual(['3:30']); // equal copy of b is not sent
    receiving.apply(second);

    const third = sending.replaceAll([row('1:10', 12), row('3:30', 50)]);
    expect(third.upserts.map((r) => r.key)).toEqual(['1:10']);
    expect(third.removed).toEqual(['2:20']);
    receiving.apply(third);
    expect(
      receiving
        .all()
        .map((r) => r.key)
        .sort(),
    ).toEqual(['1:10', '3:30']);
    expect(receiving.totals()).toEqual({ processes: 2, threads: 2, kernelThreads: 0 });
  });

  it('treats a reused pid with a new start time as a new row', () => {
    const table = new ProcessTable();
    table.replaceAll([row('7:100')]);
    const reused = table.replaceAll([row('7:200')]);
    expect(reused.upserts.map((r) => r.key)).toEqual(['7:200']);
    expect(reused.removed).toEqual(['7:100']);
  });
});
