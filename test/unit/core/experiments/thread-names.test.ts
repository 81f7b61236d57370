import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readComm } from '../../../../src/core/os';
import { SYSTEM_PYTHON, observeRun, runParams, type ObservedRun } from '../../support/run-helpers';
import { requireMachine } from '../../support/machine';

const started: ObservedRun[] = [];
afterEach(async () => {
  for (const observed of started.splice(0)) {
    observed.run.stop('test cleanup');
    await observed.finished;
  }
});

function threadNames(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
    );
  } catch {
    return [];
  }
}

/** Polls until the names appear (workers name themselves as they start). */
async function namesOfTree(observed: ObservedRun, wanted: string[]): Promise<string[]> {
  let names: string[] = [];
  for (let attempt = 0; attempt < 100; attempt += 1) {
    names = [...observed.seenPids].flatMap((pid) => [...threadNames(pid), readComm(pid) ?? '']);
    if (wanted.every((name) => names.includes(name))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return names;
}

const long = {
  workload: 'cpu',
  tasks: 100_000,
  cpuSize: 100_000,
  baseline: 'skip',
  workers: 2,
} as const;

describe('experiment threads and processes carry names the sampler can show', () => {
  it('the host and its worker threads', async () => {
    const observed = observeRun(runParams({ ...long, model: 'node-worker-pool' }));
    started.push(observed);
    await observed.done;
    expect(await namesOfTree(observed, ['exp-host', 'cpu-w1', 'cpu-w2'])).toEqual(
      expect.arrayContaining(['exp-host', 'cpu-w1', 'cpu-w2']),
    );
  });

  it('child processes, and libuv’s pool where file reads run', async () => {
    const observed = observeRun(
      runParams({ ...long, workload: 'file', fileKiB: 64, model: 'node-process-pool' }),
    );
    started.push(observed);
    await observed.done;
    const names = await namesOfTree(observed, ['io-p1', 'io-p2', 'libuv-1']);
    expect(names).toEqual(expect.arrayContaining(['io-p1', 'io-p2', 'libuv-1']));
  });

  it('Python threads', async ({ skip }) => {
    requireMachine(skip, 'python');
    const observed = observeRun(
      runParams({ ...long, cpuSize: 10_000, model: 'python-threads' }),
      SYSTEM_PYTHON,
    );
    started.push(observed);
    await observed.done;
    expect(await namesOfTree(observed, ['py-main', 'cpu-t1', 'cpu-t2'])).toEqual(
      expect.arrayContaining(['py-main', 'cpu-t1', 'cpu-t2']),
    );
  });
});
