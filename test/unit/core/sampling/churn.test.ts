import { cpus } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinuxProcessSampler } from '../../../../src/core/sampling/linux-processes';
import type { ProcessTableReading } from '../../../../src/core/sampling/sampler-types';
import { requireMachine } from '../../support/machine';
import { Children, openFdCount, sleep, watching } from '../../support/os-helpers';

const MAX_PERCENT = 100 * cpus().length;

/** A Node child that starts a short-lived worker thread every 50 ms: threads churn. */
const THREAD_CHURN = `
const { Worker } = require('node:worker_threads');
setInterval(() => new Worker('setTimeout(() => {}, 40)', { eval: true }), 50);
`;

/** Values in a reading that are not finite, negative or over their limit (empty: all sane). */
function insaneValues(reading: ProcessTableReading): string[] {
  const problems: string[] = [];
  const check = (what: string, value: number | null, max: number): void => {
    if (value === null) return;
    if (!Number.isFinite(value) || value < 0 || value > max) problems.push(`${what}=${value}`);
  };
  for (const row of reading.rows) {
    check(`cpu of ${row.key}`, row.cpuPercent, MAX_PERCENT);
    check(`rss of ${row.key}`, row.rssBytes, Number.MAX_SAFE_INTEGER);
    check(`vol/s of ${row.key}`, row.voluntarySwitchesPerSec, 1e9);
    check(`invol/s of ${row.key}`, row.involuntarySwitchesPerSec, 1e9);
  }
  for (const watched of reading.threads) {
    for (const thread of watched.threads) {
      const what = `thread ${thread.tid}`;
      check(`cpu of ${what}`, thread.cpuPercent, 100);
      check(`sw/s of ${what}`, thread.switchesPerSec, 1e9);
      if (thread.split === null) continue;
      check(`running of ${what}`, thread.split.running, 100);
      check(`ready of ${what}`, thread.split.ready, 100);
      check(`blocked of ${what}`, thread.split.blocked, 100);
      const sum = thread.split.running + thread.split.ready + thread.split.blocked;
      if (Math.abs(sum - 100) > 1e-6) problems.push(`split of ${what} sums to ${sum}`);
    }
  }
  return problems;
}

describe('1,000 samples while processes and threads churn', () => {
  beforeEach(({ skip }) => requireMachine(skip, 'linux'));
  const children = new Children();
  afterEach(() => children.killAll());

  it('keeps the descriptor count flat and every value sane', async () => {
    const fdsBefore = openFdCount();
    // Processes churn: a shell starting a short-lived `sleep` every 5 ms or so.
    children.start('sh', ['-c', 'while :; do sleep 0.005; done']);
    const threadChurner = children.node(THREAD_CHURN);
    await sleep(300);
    const sampler = new LinuxProcessSampler();
    const marks = watching(process.pid, threadChurner.pid as number);
    let reading = sampler.sampleNow(marks);
    const settle = { fds: 0, files: 0, processes: 0, threads: 0 };
    const sizes = (r: ProcessTableReading) => ({
      processes: r.rows.length,
      threads: r.threads.reduce((sum, w) => sum + w.threads.length, 0),
    });
    const problems: string[] = [];
    for (let i = 1; i <= 1000; i += 1) {
      reading = sampler.sampleNow(marks);
      problems.push(...insaneValues(reading));
      if (i === 50)
        Object.assign(settle, { fds: openFdCount(), files: sampler.openFiles }, sizes(reading));
      if (i % 10 === 0) await sleep(20); // let children start and exit between samples
    }
    expect(problems.slice(0, 10)).toEqual([]);
    const end = sizes(reading);
    // Each process holds 3 files, each watched thread 2: the count moves only with them.
    const allowed =
      3 * Math.abs(end.processes - settle.processes) +
      2 * Math.abs(end.threads - settle.threads) +
      12;
    expect(Math.abs(openFdCount() - settle.fds)).toBeLessThanOrEqual(allowed);
    expect(Math.abs(sampler.openFiles - settle.files)).toBeLessThanOrEqual(allowed);
    await sampler.close();
    expect(sampler.openFiles).toBe(0);
    await children.killAll();
    expect(openFdCount()).toBeLessThanOrEqual(fdsBefore + 2);
  }, 120_000);
});
