import { cpus } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinuxProcessSampler } from '../../../../src/core/sampling/linux-processes';
import { LinuxSystemSampler } from '../../../../src/core/sampling/linux-system';
import type { ThreadRow, WatchedThreads } from '../../../../src/shared/sampling';
import {
  AMOUNTS,
  Children,
  readBracketed,
  threadId,
  readKernelCounters,
  sleep,
  threadNames,
  waitFor,
  watching,
  WORKERS_SCRIPT,
} from '../../support/os-helpers';
import { MISSING, requireMachine } from '../../support/machine';

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

  /** Expects `value` within the kernel's `range`, give or take `slack` points. */
  const within = (value: number | null | undefined, range: [number, number], slack: number) => {
    expect(value).toBeGreaterThanOrEqual(range[0] - slack);
    expect(value).toBeLessThanOrEqual(range[1] + slack);
  };
  // Tick counters (USER_HZ) count in 10 ms steps: 2 ticks of slack over ~1 s. A running
  // thread's ns counters are brought up to date at its next tick (≤ 4 ms here): 1 point.
  const TICK_SLACK = 2;
  const NS_SLACK = 1;
  const { coreTicks, coreBusyTicks, processMs, threadRunMs, threadWaitMs, wallMs } = AMOUNTS;

  // The machine is shared, so no test here expects a fixed share of a core: the loops get what
  // the scheduler gives them, and the sampler is compared with the kernel's own counters, read
  // by the test around the sampler's readings (readBracketed).

  it('a busy loop pinned to one core: core, process and thread agree with the kernel', async ({
    skip,
  }) => {
    requireMachine(skip, 'taskset');
    const child = children.busyLoop(CORE);
    const pid = child.pid as number;
    await waitFor(() => threadNames(pid).includes('sh'));
    const system = new LinuxSystemSampler();
    try {
      let coreBusy = Number.NaN;
      const measured = await readBracketed(
        () => {
          coreBusy = system.sample()?.cores[CORE]?.busy ?? Number.NaN;
          return sampler.sampleNow(watching(pid));
        },
        () => [readKernelCounters(CORE, pid)],
        (inner) => inner(0).threadRunning >= 20,
      );
      expect(measured.inner(0).threadRunning).toBeGreaterThanOrEqual(20);
      const row = measured.reading.rows.find((candidate) => candidate.pid === pid);
      const thread = measured.reading.threads[0]?.threads[0];
      within(coreBusy, measured.range(0, coreBusyTicks, coreTicks), TICK_SLACK);
      within(row?.cpuPercent, measured.range(0, processMs, wallMs), TICK_SLACK);
      within(thread?.split?.running, measured.range(0, threadRunMs, wallMs), NS_SLACK);
      expect(row?.state).toBe('R');
      expect(thread?.core).toBe(CORE);
      expect(thread?.state).toBe('R');
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
    const spinnerTid = threadId(pid, 'spinner') as number;

    const measured = await readBracketed(
      () => sampler.sampleNow(watching(pid)),
      () => [readKernelCounters(0, pid, spinnerTid)],
      (inner) => inner(0).threadRunning >= 20,
    );
    const watched = measured.reading.threads[0];
    expect(watched?.pid).toBe(pid);
    const names = threadNames(pid);
    expect(watched?.threadCount).toBe(names.length);
    expect(watched?.threads).toHaveLength(names.length);
    const named = watched?.threads.filter((t) => workers.some((w) => w.name === t.name));
    expect(named?.map((t) => t.name).sort()).toEqual(workers.map((w) => w.name).sort());
    expect(measured.reading.rows.find((row) => row.pid === pid)?.threads).toBe(names.length);

    const sleeper = threadNamed(watched, 'sleeper');
    expect(sleeper?.state).toBe('S');
    expect(sleeper?.split?.blocked).toBeGreaterThanOrEqual(90);
    expect(sleeper?.cpuPercent).toBeLessThan(5);
    const spinner = threadNamed(watched, 'spinner');
    expect(measured.inner(0).threadRunning).toBeGreaterThanOrEqual(20);
    within(spinner?.split?.running, measured.range(0, threadRunMs, wallMs), NS_SLACK);
    expect(spinner?.core).not.toBeNull();
  });

  it('two busy threads pinned to one core both wait for it, as the kernel counted', async ({
    skip,
  }) => {
    requireMachine(skip, 'taskset');
    const workers = [
      { name: 'spin-a', busy: true },
      { name: 'spin-b', busy: true },
    ];
    const child = children.node(WORKERS_SCRIPT, [JSON.stringify(workers)], CORE);
    const pid = child.pid as number;
    await waitFor(() => workers.every((w) => threadNames(pid).includes(w.name)));
    const tids = workers.map((w) => threadId(pid, w.name) as number);

    const measured = await readBracketed(
      () => sampler.sampleNow(watching(pid)),
      () => tids.map((tid) => readKernelCounters(CORE, pid, tid)),
      (inner) => tids.every((_, i) => inner(i).threadRunning >= 10 && inner(i).threadReady >= 10),
    );
    workers.forEach((worker, i) => {
      const thread = threadNamed(measured.reading.threads[0], worker.name);
      expect(thread?.core).toBe(CORE);
      // Both are runnable all the time and share one core, so each waits while the other runs.
      expect(measured.inner(i).threadReady).toBeGreaterThanOrEqual(10);
      within(thread?.split?.running, measured.range(i, threadRunMs, wallMs), NS_SLACK);
      // The kernel adds waiting time when a thread next gets the CPU: a few ms may land after
      // the reading, and the sampler infers waits still open from the thread's state.
      within(thread?.split?.ready, measured.range(i, threadWaitMs, wallMs), 5);
      expect(thread?.split?.ready).toBeGreaterThan(0);
    });
    // One core between them: the kernel counts no more running time than that core gives. The
    // sampler's sum is held to the same only through each thread's range above: one reading
    // of two threads is not one instant, and a reader preempted between them on a busy machine
    // sees the second thread over a slightly longer interval.
    const kernelRunning = workers.reduce((sum, _, i) => sum + measured.inner(i).threadRunning, 0);
    expect(kernelRunning).toBeLessThanOrEqual(100 + 2 * NS_SLACK);
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
