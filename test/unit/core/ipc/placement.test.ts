import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCpuList } from '../../../../src/core/os';
import { runTraffic } from '../../../../src/core/ipc/jobs/run-traffic';
import type { IpcRunRequest } from '../../../../src/shared/ipc-requests';
import { requireMachine } from '../../support/machine';
import { childPids, peerPids } from '../../support/ipc-helpers';

afterEach(() => {
  expect(childPids()).toEqual([]);
});

/** The CPUs a task may run on, as /proc reports them ('gone' once it has ended). */
function cpusOf(statusPath: string): string {
  try {
    return /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync(statusPath, 'utf8'))?.[1] ?? '?';
  } catch {
    return 'gone';
  }
}

/** This process's threads whose name starts with `prefix`, with their CPU lists. */
function threadCpus(prefix: string): string[] {
  const out: string[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      if (comm.startsWith(prefix)) out.push(cpusOf(`/proc/self/task/${tid}/status`));
    } catch {
      // the thread ended while we looked
    }
  }
  return out;
}

/** Runs `request` and records, at every traffic sample, where each end was allowed to run. */
async function observe(request: IpcRunRequest, threadPrefixes: string[] = []) {
  const seen: { runner: string; peers: string[]; threads: Record<string, string[]> }[] = [];
  let pids: number[] = [];
  const result = await runTraffic(request, {
    sampleEveryMs: 100,
    onPids: (now) => {
      if (now.length > 0) pids = now;
    },
    // Samples are taken on the runner's thread: /proc/thread-self is the runner end itself.
    onSample: () => {
      const threads: Record<string, string[]> = {};
      for (const prefix of threadPrefixes) threads[prefix] = threadCpus(prefix);
      seen.push({
        runner: cpusOf('/proc/thread-self/status'),
        peers: peerPids(pids).map((pid) => cpusOf(`/proc/${pid}/status`)),
        threads,
      });
    },
  });
  // A sample in the middle of the run, when every end is up and placed.
  return { result, during: seen[Math.floor(seen.length / 2)]! };
}

const cpus = process.platform === 'linux' ? parseCpuList(cpusOf('/proc/self/status')) : [];

describe('cpu lists', () => {
  it('reads the kernel format', () => {
    expect(parseCpuList('0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('5')).toEqual([5]);
  });
});

describe('placement pins each end where it says', () => {
  beforeEach(({ skip }) => requireMachine(skip, 'linux', 'taskset', 'twoCpus'));
  const [first, second] = cpus.map(String);
  const before = cpusOf('/proc/thread-self/status');
  const run = (change: Partial<IpcRunRequest>): IpcRunRequest => ({
    mechanism: 'unix-socket',
    mode: 'round-trip',
    sizeBytes: 1024,
    durationMs: 800,
    producers: 1,
    ...change,
  });

  it('split cores: the runner receives on one CPU, the peer process echoes on the other', async () => {
    const { result, during } = await observe(run({ placement: 'split-cores' }));
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.cores).toEqual({ receiver: cpus[0], sender: cpus[1] });
    expect(during.runner).toBe(first);
    expect(during.peers).toEqual([second]);
    // The runner's thread gets its old CPUs back afterwards.
    expect(cpusOf('/proc/thread-self/status')).toBe(before);
  });

  it('same core: a shared-memory consumer and its producers share one CPU', async () => {
    const { result, during } = await observe(
      run({ mechanism: 'shared-memory', mode: 'throughput', producers: 2, placement: 'same-core' }),
      ['shm-consumer', 'shm-producer'],
    );
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(result.cores).toEqual({ receiver: cpus[0], sender: cpus[0] });
    expect(during.threads).toEqual({ 'shm-consumer': [first], 'shm-producer': [first, first] });
    expect(cpusOf('/proc/thread-self/status')).toBe(before);
  });

  it('split cores: shared-memory client and echo threads sit on different CPUs', async () => {
    const { during } = await observe(
      run({ mechanism: 'shared-memory', placement: 'split-cores' }),
      ['shm-client', 'shm-echo'],
    );
    expect(during.threads).toEqual({ 'shm-client': [first], 'shm-echo': [second] });
  });

  it('any: nothing is pinned', async () => {
    const { result, during } = await observe(run({}));
    expect(result.cores).toBeUndefined();
    expect(during.runner).toBe(before);
    expect(during.peers).toEqual([before]);
  });
});

describe('placement requests', () => {
  it('refuses an unknown placement with a clear error', async () => {
    const request = {
      mechanism: 'pipe',
      mode: 'throughput',
      sizeBytes: 1024,
      count: 1,
      producers: 1,
      placement: 'numa-node',
    } as unknown as IpcRunRequest;
    await expect(runTraffic(request)).rejects.toThrow(
      "placement must be 'any', 'same-core' or 'split-cores'",
    );
  });
});
