import { spawn, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC_TEMP_PREFIX } from '../../../../src/core/ipc/lab/ipc-feature';
import { sweepDeadOwnersTempDirs } from '../../../../src/core/os/owned-temp';
import { tsxLoaderUrl } from '../../../../src/core/paths';
import { LabService } from '../../../../src/core/service';
import type { IpcJobState } from '../../../../src/shared/ipc-results';
import { requireMachine } from '../../support/machine';
import { descendantsOf, survivorsAmong, waitForExit } from '../../support/process-tree';
import { childPids } from '../../support/ipc-helpers';

/** A run that keeps going until it is stopped. */
const longRun = {
  mechanism: 'unix-socket',
  mode: 'throughput',
  sizeBytes: 256,
  durationMs: 60_000,
  producers: 1,
} as const;

const ownedDirs: string[] = [];
const parents: ChildProcess[] = [];
let service: LabService | undefined;
afterEach(async () => {
  await service?.dispose();
  service = undefined;
  for (const parent of parents.splice(0)) if (parent.exitCode === null) parent.kill('SIGKILL');
  for (const dir of ownedDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newService(): LabService {
  const recordings = mkdtempSync(join(tmpdir(), 'lab-ipc-test-'));
  ownedDirs.push(recordings);
  service = new LabService({ recordingsDir: recordings });
  return service;
}

/** IPC job folders in the temp folder made since `since` (ms): other runs' are older. */
function jobDirsSince(since: number): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(IPC_TEMP_PREFIX))
    .map((name) => join(tmpdir(), name))
    .filter((dir) => {
      try {
        return statSync(dir).birthtimeMs >= since - 1000 || statSync(dir).ctimeMs >= since - 1000;
      } catch {
        return false;
      }
    });
}

async function pollUntilEmpty<T>(read: () => T[], timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (read().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

describe('one IPC job owns the machine', () => {
  it('of 20 concurrent starts exactly one runs; Stop then leaves no process and no folder', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux');
    const since = Date.now();
    const lab = newService();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => lab.call('ipc:start', longRun)),
    );
    const accepted = answers.filter((answer) => answer.ok);
    const refused = answers.flatMap((answer) => (answer.ok ? [] : [answer.error]));
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const error of refused) {
      expect(error).toBe(
        'ipc:start: an IPC mechanism run is already running; stop it before starting another',
      );
    }
    // The other kinds of job are refused the same way while it runs.
    const others = await Promise.all([
      lab.call('ipc:producer-consumer', {
        transport: 'shared-memory',
        producers: 1,
        consumers: 1,
        capacity: 16,
        durationMs: 1000,
        produceUs: 0,
        consumeUs: 0,
      }),
      lab.call('ipc:race', { workers: 2, iterations: 1000, window: 0, modes: ['plain'] }),
      lab.call('ipc:compare', { sizeBytes: 64, durationMs: 100, mechanisms: ['pipe'] }),
    ]);
    for (const answer of others) {
      expect(answer.ok ? 'accepted' : answer.error).toMatch(/already running; stop it before/);
    }
    const seen = new Set<number>(childPids());
    const state = await lab.call('ipc:state', {});
    for (const pid of (state.ok ? (state.value as IpcJobState).active?.pids : []) ?? []) {
      seen.add(pid);
      for (const child of descendantsOf(pid)) seen.add(child);
    }
    const stopped = await lab.call('ipc:stop', {});
    expect(stopped).toEqual({ ok: true, value: { active: null } });
    expect(childPids()).toEqual([]);
    expect(await waitForExit([...seen], 2000)).toEqual([]);
    expect(jobDirsSince(since)).toEqual([]);
  });

  it('a Stop while the job is still starting means it never runs', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const lab = newService();
    const [started, stopped] = await Promise.all([
      lab.call('ipc:start', longRun),
      lab.call('ipc:stop', {}),
    ]);
    expect(started).toEqual({
      ok: false,
      error: 'ipc:start: the IPC job was stopped before it started',
      said: { key: 'ipcStoppedBeforeStart', values: {} },
    });
    expect(stopped).toEqual({ ok: true, value: { active: null } });
    expect(childPids()).toEqual([]);
  });

  it('ipc:compare refuses a mechanism listed twice', async () => {
    const lab = newService();
    const answer = await lab.call('ipc:compare', {
      sizeBytes: 64,
      durationMs: 100,
      mechanisms: ['pipe', 'tcp', 'pipe'],
    });
    expect(answer).toEqual({
      ok: false,
      error:
        'ipc:compare: mechanisms: each mechanism may be listed only once; pipe is listed more than once',
      issues: [
        {
          path: ['mechanisms'],
          label: 'Mechanisms',
          message: 'each mechanism may be listed only once; pipe is listed more than once',
        },
      ],
    });
  });
});

describe('nothing is left behind, even after SIGKILL', () => {
  it('SIGKILL of the process hosting the LabService mid-run: no folder, runner or peer left', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux');
    const since = Date.now();
    const recordings = mkdtempSync(join(tmpdir(), 'lab-ipc-test-'));
    ownedDirs.push(recordings);
    const fixture = join(__dirname, '../../support/fixtures/service-host.ts');
    const parent = spawn(
      process.execPath,
      ['--import', tsxLoaderUrl(), fixture, 'unix-socket', join(recordings, 'unused')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    parents.push(parent);
    const lines = createInterface({ input: parent.stdout! });
    // Runner and its peer reported, and the peer connected (its socket lives in the folder).
    await new Promise<void>((resolve, reject) => {
      parent.on('exit', () => reject(new Error('the service host ended early')));
      lines.on('line', (line) => {
        const message = JSON.parse(line) as { pids?: number[] };
        if ((message.pids?.length ?? 0) >= 2) resolve();
      });
    });
    expect(jobDirsSince(since).length).toBeGreaterThan(0);
    const tree = descendantsOf(parent.pid!);
    parent.kill('SIGKILL');
    expect(await waitForExit(tree, 5000)).toEqual([]);
    expect(await pollUntilEmpty(() => jobDirsSince(since), 5000)).toEqual([]);
  });

  it('a start sweeps folders of dead owners of this user, and only those', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const root = mkdtempSync(join(tmpdir(), 'lab-ipc-sweep-'));
    ownedDirs.push(root);
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    const make = (name: string, owner: object | null, uid?: number): string => {
      const dir = join(root, `${IPC_TEMP_PREFIX}${name}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'data'), 'x');
      if (owner !== null) writeFileSync(join(dir, 'owner'), JSON.stringify(owner));
      if (uid !== undefined) chownSync(dir, uid, uid);
      return dir;
    };
    const deadOwner = { pid: dead.pid, startTime: '1' };
    const stale = make('stale', deadOwner);
    const live = make('live', { pid: process.pid, startTime: liveStartTime() });
    const reused = make('reused', { pid: process.pid, startTime: '1' }); // same pid, other process
    const foreign = make('foreign', deadOwner, 65534);
    const unowned = make('unowned', null);
    expect((await sweepDeadOwnersTempDirs([IPC_TEMP_PREFIX], root)).sort()).toEqual(
      [reused, stale].sort(),
    );
    expect(
      readdirSync(root)
        .map((name) => join(root, name))
        .sort(),
    ).toEqual([foreign, live, unowned].sort());
    expect(survivorsAmong([dead.pid!])).toEqual([]);
  });
});

function liveStartTime(): string {
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}
