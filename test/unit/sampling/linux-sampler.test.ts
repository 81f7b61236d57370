import { cpus } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinuxProcessSampler } from '../../../src/core/sampling/linux-processes';
import { LinuxSystemSampler } from '../../../src/core/sampling/linux-system';
import type { ThreadRow, WatchedThreads } from '../../../src/shared/sampling';
import {
  Children,
  measureUntil,
  sleep,
  threadNames,
  waitFor,
  watching,
  WORKERS_SCRIPT,
} from './os-helpers';
import { MISSING, requireMachine } from '../support/machine';

const CORE = cpus().length - 1;

/** The thread of a watched process with a given name. */
function threadNamed(watched: WatchedThreads | undefined, name: string): ThreadRow | undefined {
  return watched?.threads.find((thread) => thread.name === name);
}

describe('Linux sampler on real processes', () => {
  const children = new Children();
  let sampler: LinuxProcessSampler;
  beforeEach(({ skip }) => {
    requireMachine(skip, 'linux');
    sampler = new LinuxProcessSampler();
  });
  afterEach(async () => {
    if (MISSING.linux === null) await sampler.close(); // a skipped test never made one
    await children.killAll();
  });

  it('a busy loop pinned to one core: the core ≥ 90 %, the process ≈ 100 %, its thread running', async ({
    skip,
  }) => {
    requireMachine(skip, 'taskset');
    const child = children.busyLoop(CORE);
    const pid = child.pid as number;
    await waitFor(() => threadNames(pid).includes('sh'));
    const system = new LinuxSystemSampler();
    try {
      let coreBusy = 0;
      const reading = await measureUntil(
        () => {
          const sample = system.sample();
          coreBusy = sample?.cores[CORE]?.busy ?? 0;
          return sampler.sampleNow(watching(pid));
        },
        (r) =>
          coreBusy >= 90 &&
          (r.rows.find((row) => row.pid === pid)?.cpuPercent ?? 0) >= 85 &&
          (r.threads[0]?.threads[0]?.split?.running ?? 0) >= 85,
      );
      expect(coreBusy).toBeGreaterThanOrEqual(90);
      const row = reading.rows.find((candidate) => candidate.pid === pid);
      expect(row?.cpuPercent).toBeGreaterThanOrEqual(85); // "100 % = one core" units
      expect(row?.cpuPercent).toBeLessThanOrEqual(105);
      expect(row?.state).toBe('R');
      const thread = reading.threads[0]?.threads[0];
      expect(thread?.core).toBe(CORE);
      expect(thread?.state).toBe('R');
      expect(thread?.split?.running).toBeGreaterThanOrEqual(85);
    } finally {
      system.close();
    }
  });

  it('a Node process with named workers: exact thread count, sleeping blocked, busy running', async () => {
    const workers = [
      { name: 'sleeper', busy: false },
      { name: 'spinner', busy: true },
      { name: 'idle-1', busy: false },
      { name: 'idle-2', busy: false },
    ];
    const child = children.node(WORKERS_SCRIPT, [JSON.stringify(workers)]);
    const pid = child.pid as number;
    await waitFor(() => workers.every((w) => threadNames(pid).includes(w.name)));

    const reading = await measureUntil(
      () => sampler.sampleNow(watching(pid)),
      (r) => (threadNamed(r.threads[0], 'spinner')?.split?.running ?? 0) >= 40,
    );
    const watched = reading.threads[0];
    expect(watched?.pid).toBe(pid);
    const names = threadNames(pid);
    expect(watched?.threadCount).toBe(names.length);
    expect(watched?.threads).toHaveLength(names.length);
    const named = watched?.threads.filter((t) => workers.some((w) => w.name === t.name));
    expect(named?.map((t) => t.name).sort()).toEqual(workers.map((w) => w.name).sort());
    expect(reading.rows.find((row) => row.pid === pid)?.threads).toBe(names.length);

    const sleeper = threadNamed(watched, 'sleeper');
    expect(sleeper?.state).toBe('S');
    expect(sleeper?.split?.blocked).toBeGreaterThanOrEqual(90);
    expect(sleeper?.cpuPercent).toBeLessThan(5);
    const spinner = threadNamed(watched, 'spinner');
    expect(spinner?.split?.running).toBeGreaterThanOrEqual(40);
    expect(spinner?.core).not.toBeNull();
  });

  it('two busy threads pinned to one core both show ready time', async ({ skip }) => {
    requireMachine(skip, 'taskset');
    const workers = [
      { name: 'spin-a', busy: true },
      { name: 'spin-b', busy: true },
    ];
    const child = children.node(WORKERS_SCRIPT, [JSON.stringify(workers)], CORE);
    const pid = child.pid as number;
    await waitFor(() => workers.every((w) => threadNames(pid).includes(w.name)));

    const spinners = (r: { threads: WatchedThreads[] }): ThreadRow[] =>
      workers.map((w) => threadNamed(r.threads[0], w.name)).filter((t) => t !== undefined);
    const reading = await measureUntil(
      () => sampler.sampleNow(watching(pid)),
      (r) => spinners(r).every((t) => (t.split?.ready ?? 0) >= 15),
    );
    for (const thread of spinners(reading)) {
      expect(thread.core).toBe(CORE);
      expect(thread.split?.ready).toBeGreaterThanOrEqual(15);
      expect(thread.split?.running).toBeGreaterThanOrEqual(15);
    }
    // One core between them: together they cannot run more than it allows.
    const running = spinners(reading).reduce((sum, t) => sum + (t.split?.running ?? 0), 0);
    expect(running).toBeLessThanOrEqual(105);
  });

  it('a child that exits between samples disappears without error', async () => {
    const child = children.start('sleep', ['0.3']);
    const pid = child.pid as number;
    const before = sampler.sampleNow(watching(pid));
    expect(before.rows.some((row) => row.pid === pid)).toBe(true);
    await new Promise((resolve) => child.once('exit', resolve));
    await sleep(50);
    const after = sampler.sampleNow(watching(pid));
    expect(after.rows.some((row) => row.pid === pid)).toBe(false);
    expect(after.threads.some((watched) => watched.pid === pid)).toBe(false);
  });

  it('keys a process by pid and start time, and marks kernel threads', () => {
    const reading = sampler.sampleNow(watching());
    const self = reading.rows.find((row) => row.pid === process.pid);
    expect(self?.key).toMatch(new RegExp(`^${process.pid}:\\d+$`));
    expect(self?.command).toContain('node');
    expect(self?.user).not.toBeNull();
    expect(Math.abs((self?.startTime ?? 0) - (Date.now() - process.uptime() * 1000))).toBeLessThan(
      5000,
    );
    const kernel = reading.rows.filter((row) => row.kernelThread);
    if (kernel.length > 0) expect(kernel[0]?.command).toMatch(/^\[.*\]$/);
  });
});
