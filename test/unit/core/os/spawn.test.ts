import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEntry, tiedSpawn, type StartedEntry } from '../../../../src/core/os';
import { requireMachine } from '../../support/machine';
import { survivorsAmong, waitForExit } from '../../support/process-tree';

const started: StartedEntry[] = [];
const extraPids: number[] = [];
afterEach(async () => {
  for (const entry of started.splice(0)) {
    entry.kill('SIGKILL');
    await entry.exited;
  }
  for (const pid of extraPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** The experiment worker's first message: it names itself and says where it runs. */
const init = (name: string): unknown => ({
  type: 'init',
  name,
  config: {
    workload: 'cpu',
    cpuSize: 1,
    latencyMs: 0,
    fileDir: null,
    fileCount: 0,
    echoPort: null,
  },
  mode: { kind: 'pool' },
  crashAtTask: null,
  nameLibuvPool: false,
});

/** Starts the experiment worker entry and waits for its 'ready' (pid and thread id). */
async function startReady(
  options: Parameters<typeof startEntry>[1],
  name: string,
): Promise<{ entry: StartedEntry; pid: number; tid: number }> {
  const entry = startEntry('experiment-worker', options);
  started.push(entry);
  const ready = new Promise<{ pid: number; tid: number }>((resolve) =>
    entry.onMessage((message) => {
      const m = message as { type: string; pid: number; tid: number };
      if (m.type === 'ready') resolve(m);
    }),
  );
  entry.send(init(name));
  return { entry, ...(await ready) };
}

const comm = (path: string): string => readFileSync(path, 'utf8').replace(/\n$/, '');

describe('startEntry', () => {
  it('starts a process: its pid is real, kill ends it, exited gives the signal', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux');
    const { entry, pid } = await startReady({ kind: 'process' }, 'os-test-proc');
    expect(entry.pid).toBe(pid);
    expect(pid).not.toBe(process.pid);
    expect(comm(`/proc/${pid}/comm`)).toBe('os-test-proc');
    expect(entry.hasExited).toBe(false);
    entry.kill('SIGTERM');
    expect(await entry.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(entry.hasExited).toBe(true);
    expect(survivorsAmong([pid])).toEqual([]);
  });

  it('starts a thread in this process: kill ends it, exited gives the signal', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { entry, pid, tid } = await startReady({ kind: 'thread' }, 'os-test-thr');
    expect(entry.pid).toBe(process.pid);
    expect(pid).toBe(process.pid);
    expect(comm(`/proc/self/task/${tid}/comm`)).toBe('os-test-thr');
    entry.kill();
    expect(await entry.exited).toEqual({ code: 1, signal: 'SIGKILL' });
    // pthread_join returns when the kernel clears the thread id, a moment before the thread
    // leaves /proc: wait for that moment.
    await vi.waitFor(() => expect(readdirSync('/proc/self/task')).not.toContain(String(tid)));
  });

  it('a thread that ends by itself reports its code and no signal', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { entry } = await startReady({ kind: 'thread' }, 'os-test-close');
    entry.send({ type: 'close' });
    expect(await entry.exited).toEqual({ code: 0, signal: null });
  });

  it('a detached process leads its own group, and kill ends the group', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { entry, pid } = await startReady({ kind: 'process', detached: true }, 'os-test-grp');
    const pgid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[2]);
    expect(pgid).toBe(pid);
    entry.kill();
    expect((await entry.exited).signal).toBe('SIGKILL');
  });

  it('a tied process is the same pid, running the entry', async ({ skip }) => {
    requireMachine(skip, 'linux', 'setpriv');
    const { entry, pid } = await startReady({ kind: 'process', tied: true }, 'os-test-tied');
    expect(entry.pid).toBe(pid);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain('setpriv'); // exec'd
  });
});

describe('tiedSpawn', () => {
  it('the kernel ends a tied child when its parent dies by SIGKILL', async ({ skip }) => {
    requireMachine(skip, 'linux', 'setpriv');
    const tied = tiedSpawn('sleep', ['60']);
    const loose = ['sleep', '61'];
    // A parent shell starting both, then waiting: we SIGKILL it, as if the app crashed.
    const script = `${[tied.command, ...tied.args].join(' ')} & echo $!; ${loose.join(' ')} & echo $!; wait`;
    const parent = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    extraPids.push(parent.pid ?? -1);
    const pids = await new Promise<number[]>((resolve) => {
      let text = '';
      parent.stdout?.on('data', (chunk) => {
        text += String(chunk);
        const found = text.trim().split(/\s+/).map(Number);
        if (found.length === 2) resolve(found);
      });
    });
    extraPids.push(...pids);
    const [tiedPid = -1, loosePid = -1] = pids;
    // setpriv execs sleep: wait until the tied pid runs sleep, with the death signal armed.
    for (let i = 0; i < 100 && comm(`/proc/${tiedPid}/comm`) !== 'sleep'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    parent.kill('SIGKILL');
    expect(await waitForExit([tiedPid], 5000)).toEqual([]);
    expect(survivorsAmong([loosePid])).toHaveLength(1); // untied: survives its parent
  });
});
