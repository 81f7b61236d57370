import { existsSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCompare } from '../../../../src/core/ipc/jobs/compare';
import { runTraffic } from '../../../../src/core/ipc/jobs/run-traffic';
import { pythonTestHooks } from '../../../../src/core/ipc/mechanisms/python';
import { usePython, NO_PYTHON_GIVEN } from '../../../../src/core/ipc/mechanisms/python-interpreter';
import { LabService } from '../../../../src/core/service';
import {
  IPC_MECHANISMS,
  type IpcMechanism,
  type IpcMode,
} from '../../../../src/shared/ipc-mechanisms';
import type {
  CompareResult,
  IpcJobState,
  IpcMechanismInfo,
} from '../../../../src/shared/ipc-results';
import { isAlive } from '../../support/ipc-helpers';
import { resultErrorText } from '../../../../src/renderer/src/lib/issue-text';
import { uiTexts } from '../../support/ui-texts';
import { SYSTEM_PYTHON, requireMachine } from '../../support/machine';

/**
 * The Python mechanisms, run for real: /usr/bin/python3 and its processes, threads, pipes,
 * sockets, Manager server and shared memory. Every one must deliver every message intact by the
 * same frame checks as the Node mechanisms, and leave no process behind.
 */

const PYTHON_MECHANISMS = IPC_MECHANISMS.filter((m) => m.startsWith('python-'));
const MODES: IpcMode[] = ['throughput', 'round-trip'];

/**
 * The names of the listening Unix sockets `pids` hold (from /proc/net/unix): a path on disk,
 * or `@name` for Linux's abstract sockets, which have no file.
 */
async function listeningUnixSockets(pids: number[]): Promise<string[]> {
  const held = new Set<string>();
  for (const pid of pids) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode !== undefined) held.add(inode);
    }
  }
  const ACCEPTING = 0x10000;
  return (await readFile('/proc/net/unix', 'utf8'))
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , , flags, , , inode, path]) => {
      const listens = (parseInt(flags ?? '0', 16) & ACCEPTING) !== 0;
      return listens && inode !== undefined && held.has(inode) && path !== undefined;
    })
    .map((fields) => fields[7] ?? '');
}

/** Waits until none of `pids` exists (the group was SIGKILLed; init reaps the orphans). */
async function allGone(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 100; i += 1) {
    const alive = pids.filter((pid) => pid !== process.pid && isAlive(pid));
    if (alive.length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pids.filter((pid) => pid !== process.pid && isAlive(pid));
}

/** Thread names (comm) of a process, by tid; empty once it is gone. */
async function threadsOf(pid: number): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  try {
    for (const tid of await readdir(`/proc/${pid}/task`)) {
      try {
        out.set(Number(tid), (await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8')).trim());
      } catch {
        // the thread ended while we looked
      }
    }
  } catch {
    // the process ended
  }
  return out;
}

describe('Python mechanisms on a real interpreter', () => {
  beforeAll(() => usePython({ path: SYSTEM_PYTHON, reason: null }));
  afterAll(() => usePython(NO_PYTHON_GIVEN));
  afterEach(() => {
    pythonTestHooks.corruptAt = null;
  });

  for (const mechanism of PYTHON_MECHANISMS) {
    for (const mode of MODES) {
      it(`${mechanism} ${mode}: every message arrives intact, then nothing is left`, async ({
        skip,
      }) => {
        requireMachine(skip, 'python');
        const count = mode === 'throughput' ? 300 : 60;
        const result = await runTraffic({
          mechanism,
          mode,
          sizeBytes: 1000,
          count,
          producers: 1,
        });
        expect(result.error).toBeUndefined();
        expect(result.status).toBe('completed');
        expect(result.totalMessages).toBe(count);
        expect(result.totalBytes).toBe(count * 1000);
        expect(result.correctness).toEqual({
          sent: count,
          received: count,
          lost: 0,
          duplicated: 0,
          corrupted: 0,
        });
        if (mode === 'round-trip') expect(result.latency?.count).toBe(count);
        // The Python process and at least its other end (or a thread of it) took part.
        const python = result.pids.filter((pid) => pid !== process.pid);
        expect(python.length + result.threads).toBeGreaterThanOrEqual(2);
        expect(await allGone(result.pids)).toEqual([]);

        const bare = await runTraffic(
          { mechanism, mode, sizeBytes: 1000, count, producers: 1 },
          { baseline: true },
        );
        expect(bare.error).toBeUndefined();
        expect(bare.totalMessages).toBe(count);
        expect(await allGone(bare.pids)).toEqual([]);
      });
    }
  }

  it.for([
    ['python-pipe-bytes', 'throughput'],
    ['python-socketpair', 'round-trip'],
    ['python-shared-memory', 'throughput'],
  ] as [IpcMechanism, IpcMode][])(
    '%s %s: a byte flipped on the Python side is counted as corrupted',
    async ([mechanism, mode], { skip }) => {
      requireMachine(skip, 'python');
      pythonTestHooks.corruptAt = 7;
      const result = await runTraffic({ mechanism, mode, sizeBytes: 512, count: 50, producers: 1 });
      expect(result.status).toBe('completed');
      expect(result.correctness.corrupted).toBe(1);
      expect(result.correctness.duplicated).toBe(0);
      expect(await allGone(result.pids)).toEqual([]);
    },
  );

  it('python-queue: the feeder thread shows in /proc/PID/task while it runs; Stop ends all', async ({
    skip,
  }) => {
    requireMachine(skip, 'python');
    const stop = new AbortController();
    let pids: number[] = [];
    let feeder: { pid: number; tid: number } | null = null;
    const run = runTraffic(
      {
        mechanism: 'python-queue',
        mode: 'throughput',
        sizeBytes: 1024,
        durationMs: 20_000,
        producers: 1,
      },
      { signal: stop.signal, onPids: (now) => (pids = now.length ? now : pids) },
    );
    for (let i = 0; i < 200 && feeder === null; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const pid of pids.filter((p) => p !== process.pid)) {
        for (const [tid, name] of await threadsOf(pid)) {
          if (name === 'QueueFeeder') feeder = { pid, tid };
        }
      }
    }
    stop.abort();
    const result = await run;
    expect(feeder).not.toBeNull();
    // The producer process's own task list holds it: a thread, not a process.
    expect(feeder!.tid).not.toBe(feeder!.pid);
    expect(result.threads).toBeGreaterThanOrEqual(1);
    expect(result.status).toBe('stopped');
    expect(await allGone(pids)).toEqual([]);
  });

  it("python-manager-queue: Stop mid-run ends the manager's server and leaves no socket file", async ({
    skip,
  }) => {
    requireMachine(skip, 'python');
    const stop = new AbortController();
    let pids: number[] = [];
    const run = runTraffic(
      {
        mechanism: 'python-manager-queue',
        mode: 'round-trip',
        sizeBytes: 256,
        durationMs: 20_000,
        producers: 1,
      },
      { signal: stop.signal, onPids: (now) => (pids = now.length ? now : pids) },
    );
    // The Python process, its echo process and the server.
    for (let i = 0; i < 200 && pids.length < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(pids.length).toBe(4);
    // The server's listening socket: multiprocessing's default is a file in a pymp-* folder of
    // the temp dir, which only a clean exit of the server removes.
    const listening = await listeningUnixSockets(pids);
    expect(listening.length).toBeGreaterThan(0);
    stop.abort();
    expect((await run).status).toBe('stopped');
    expect(await allGone(pids)).toEqual([]);
    const files = listening.filter((name) => !name.startsWith('@'));
    expect(files.flatMap((file) => [file, dirname(file)]).filter(existsSync)).toEqual([]);
  });
});

describe('Python mechanisms where Python is missing or untrusted', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lab-ipc-python-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  async function listedWith(pythonPath: string): Promise<IpcMechanismInfo[]> {
    const service = new LabService({
      recordingsDir: join(root, 'recordings'),
      experiments: { pythonPath },
    });
    try {
      const answer = await service.call('ipc:mechanisms', {});
      if (!answer.ok) throw new Error(answer.error);
      return answer.value as IpcMechanismInfo[];
    } finally {
      await service.dispose();
    }
  }

  function expectOnlyPythonUnavailable(list: IpcMechanismInfo[], reason: string): void {
    for (const info of list.filter((m) => m.id.startsWith('python-'))) {
      expect(info.available).toBe(false);
      expect(info.reason).toContain(reason);
    }
    expect(list.filter((m) => m.id.startsWith('python-'))).toHaveLength(PYTHON_MECHANISMS.length);
    for (const id of ['pipe', 'unix-socket', 'message-port'] as const) {
      expect(list.find((m) => m.id === id)?.available).toBe(true);
    }
  }

  it('a missing interpreter: each python-* is unavailable with the finder’s reason', async () => {
    const list = await listedWith(join(root, 'no-such-python3'));
    expectOnlyPythonUnavailable(list, 'no-such-python3');
  });

  it('an interpreter others could change: unavailable, and never run', async ({ skip }) => {
    requireMachine(skip, 'python');
    const open = join(root, 'open');
    await mkdir(open);
    await chmod(open, 0o777);
    const marker = join(root, 'planted-ran');
    const planted = join(open, 'python3');
    await writeFile(planted, `#!/bin/sh\necho ran > '${marker}'\nexec ${SYSTEM_PYTHON} "$@"\n`);
    await chmod(planted, 0o755);
    const list = await listedWith(planted);
    expectOnlyPythonUnavailable(list, 'writable by other users');
    await expect(readFile(marker)).rejects.toThrow();
  });

  it('the trusted system interpreter: every python-* is available', async ({ skip }) => {
    requireMachine(skip, 'python');
    const list = await listedWith(SYSTEM_PYTHON);
    for (const info of list.filter((m) => m.id.startsWith('python-'))) {
      expect(info).toMatchObject({ available: true });
    }
  });

  it('through the lab: the runner gets the found interpreter and compares against the bare baseline', async ({
    skip,
  }) => {
    requireMachine(skip, 'python');
    const service = new LabService({
      recordingsDir: join(root, 'recordings'),
      experiments: { pythonPath: SYSTEM_PYTHON },
    });
    try {
      const answer = await service.call('ipc:compare', {
        sizeBytes: 1024,
        durationMs: 150,
        mechanisms: ['python-simple-queue', 'python-queue-threads'],
      });
      if (!answer.ok) throw new Error(answer.error);
      const result = answer.value as CompareResult;
      expect(result.entries.map((e) => e.mechanism)).toEqual([
        'python-simple-queue',
        'python-queue-threads',
      ]);
      for (const entry of result.entries) {
        expect(entry.error).toBeUndefined();
        expect(entry.available).toBe(true);
        for (const figures of [entry.throughput, entry.roundTrip]) {
          expect(figures?.mechanism).toMatchObject({ lost: 0, corrupted: 0 });
          expect(figures?.mechanism.messagesPerSec).toBeGreaterThan(0);
          expect(figures?.baseline.messagesPerSec).toBeGreaterThan(0);
          expect(figures?.ratio).toBeGreaterThan(0);
        }
      }
    } finally {
      await service.dispose();
    }
  });

  it('ipc:start then ipc:stop through the lab: the runner ends the Python group', async ({
    skip,
  }) => {
    requireMachine(skip, 'python');
    const service = new LabService({
      recordingsDir: join(root, 'recordings'),
      experiments: { pythonPath: SYSTEM_PYTHON },
    });
    try {
      const started = await service.call('ipc:start', {
        mechanism: 'python-shared-memory',
        mode: 'round-trip',
        sizeBytes: 4096,
        durationMs: 30_000,
        producers: 1,
      });
      if (!started.ok) throw new Error(started.error);
      // The runner, the Python process and its echo process.
      let pids: number[] = [];
      for (let i = 0; i < 200 && pids.length < 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const state = await service.call('ipc:state', {});
        if (state.ok) pids = (state.value as IpcJobState).active?.pids ?? [];
      }
      expect(pids.length).toBeGreaterThanOrEqual(3);
      await service.call('ipc:stop', {});
      expect(await allGone(pids)).toEqual([]);
    } finally {
      await service.dispose();
    }
  });

  it('without an interpreter a run fails with the reason and compare marks it unavailable', async () => {
    usePython({ path: null, reason: 'Python is not available: test says so' });
    try {
      const run = await runTraffic({
        mechanism: 'python-pipe-bytes',
        mode: 'throughput',
        sizeBytes: 1000,
        count: 10,
        producers: 1,
      });
      expect(run.status).toBe('failed');
      expect(run.error).toBe(
        'python-pipe-bytes cannot run here: Python is not available: test says so',
      );
      // Said as a sentence, so the IPC tab words it in its language around the reason.
      expect(run.errorSaid).toEqual({
        key: 'cannotRunHere',
        values: { mechanism: 'python-pipe-bytes', reason: 'Python is not available: test says so' },
      });
      expect(resultErrorText(run, uiTexts('zh-CN'))).toBe(
        'python-pipe-bytes 无法在这里运行：Python is not available: test says so',
      );
      const compare = await runCompare({
        sizeBytes: 1024,
        durationMs: 100,
        mechanisms: ['python-simple-queue'],
      });
      expect(compare.entries[0]).toMatchObject({
        mechanism: 'python-simple-queue',
        available: false,
        error: 'Python is not available: test says so',
      });
    } finally {
      usePython(NO_PYTHON_GIVEN);
    }
  });
});
