import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { FILES_TEMP_PREFIX } from '../../../../src/core/experiments/lab/host-run';
import { OWNER_FILE } from '../../../../src/core/os/owned-temp';
import { requireMachine } from '../../support/machine';
import { descendantsOf } from '../../support/process-tree';
import { observeRun, runParams, startStandInApp, survivorsAfter } from '../../support/run-helpers';

/**
 * The file workload's folder is owned by the app that made it: removed when its run ends, and
 * when app and host were both SIGKILLed (so neither could remove it), by the next run's start.
 */

const parents: ChildProcess[] = [];
const madeDirs: string[] = [];
afterEach(() => {
  for (const parent of parents.splice(0)) if (parent.exitCode === null) parent.kill('SIGKILL');
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The file workload's folders in the system temp folder, as full paths. */
function fileDirs(): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(FILES_TEMP_PREFIX))
    .map((name) => join(tmpdir(), name));
}

/** The pid an owned folder's owner file names, or null without one. */
function ownerPid(dir: string): number | null {
  try {
    return (JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
}

const quickCpuRun = runParams({
  workload: 'cpu',
  model: 'node-worker-pool',
  tasks: 4,
  cpuSize: 1000,
  baseline: 'skip',
});

describe("the file workload's temp folder", () => {
  it('is owned by this app while the run goes, and removed when it ends', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const before = new Set(fileDirs());
    const observed = observeRun(
      runParams({
        workload: 'file',
        model: 'node-worker-pool',
        tasks: 16,
        fileKiB: 4,
        baseline: 'skip',
      }),
    );
    const made = fileDirs().filter((dir) => !before.has(dir));
    madeDirs.push(...made);
    expect(made).toHaveLength(1);
    expect(ownerPid(made[0]!)).toBe(process.pid);
    const outcome = await observed.finished;
    expect(outcome.status).toBe('ok');
    expect(made.filter((dir) => existsSync(dir))).toEqual([]);
  });

  it('left by an app SIGKILLed with its host, is removed by the next run’s start', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux');
    const before = new Set(fileDirs());
    // A stand-in for the app: it runs a long file-workload run and prints the tree's pids.
    const params = runParams({
      workload: 'file',
      model: 'node-worker-pool',
      tasks: 200_000,
      fileKiB: 4,
      baseline: 'skip',
      timeoutS: 120,
    });
    const app = startStandInApp(params, { readOutput: true });
    parents.push(app);
    const lines = createInterface({ input: app.stdout! });
    // The run's first progress: the host has made its files and started its pool.
    const host = await new Promise<number>((resolve, reject) => {
      let hostPid: number | null = null;
      lines.on('line', (line) => {
        const message = JSON.parse(line) as { pids?: number[]; done?: number };
        if (message.pids?.[0] !== undefined) hostPid = message.pids[0];
        if (hostPid !== null && (message.done ?? 0) > 0) resolve(hostPid);
      });
      app.once('exit', () => reject(new Error('the app ended before its run got going')));
    });
    const made = fileDirs().filter((dir) => !before.has(dir));
    madeDirs.push(...made);
    expect(made.map(ownerPid)).toEqual([app.pid]);
    // Host first, then the app: the host, which removes the folder when the app dies, is gone.
    const tree = [host, ...descendantsOf(host)];
    process.kill(-host, 'SIGKILL');
    app.kill('SIGKILL');
    expect(await survivorsAfter([app.pid!, ...tree], 5000)).toEqual([]);
    expect(made.filter((dir) => existsSync(dir))).toEqual(made); // nobody could clean up

    const next = observeRun(quickCpuRun);
    expect((await next.finished).status).toBe('ok');
    expect(made.filter((dir) => existsSync(dir))).toEqual([]);
  });
});
