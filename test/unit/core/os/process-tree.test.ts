import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  descendantsOf,
  isAlive,
  killGroup,
  killTree,
  residentBytes,
  startTimeOf,
  treeMemory,
} from '../../../../src/core/os';
import { readStat } from '../../../../src/core/os/procfs';
import { requireMachine } from '../../support/machine';
import { survivorsAmong, waitForExit } from '../../support/process-tree';

const PAGE = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout.trim());

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
});

/**
 * A shell with two sleeping children, one of which left the group (setsid); it prints their
 * pids once both run. `detached` puts the shell at the head of its own process group.
 */
async function startTree(detached = false): Promise<{ shell: ChildProcess; kids: number[] }> {
  const script = 'sleep 60 & a=$!; setsid sleep 60 & b=$!; echo "$a $b"; wait';
  const shell = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'], detached });
  if (shell.pid === undefined) throw new Error('no shell');
  started.push(shell.pid);
  const line = await new Promise<string>((resolve) =>
    shell.stdout?.once('data', (chunk) => resolve(String(chunk))),
  );
  const kids = line.trim().split(' ').map(Number);
  started.push(...kids);
  // The pids are printed at fork: wait until both run sleep, so setsid has taken effect.
  await vi.waitFor(() => {
    for (const kid of kids) expect(readFileSync(`/proc/${kid}/comm`, 'utf8')).toBe('sleep\n');
  });
  return { shell, kids };
}

/** Resident pages × the system page size, as the test reads them itself. */
const statmBytes = (pid: number): number =>
  Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;

/**
 * Waits until every pid sleeps with the same resident size at two polls in a row. `sleep` is
 * named sleep from its exec on, while the loader still maps and touches its libraries: a busy
 * machine can catch it there, growing between two reads.
 */
async function whenSettled(pids: number[]): Promise<void> {
  let last = '';
  await vi.waitFor(
    () => {
      const now = pids.map((pid) => `${readStat(pid)?.state ?? '?'}:${statmBytes(pid)}`);
      const steady = now.join(' ') === last;
      last = now.join(' ');
      expect(steady && now.every((reading) => reading.startsWith('S:'))).toBe(true);
    },
    { interval: 50, timeout: 10_000 },
  );
}

describe('process tree', () => {
  it('lists every descendant, including one that left the group', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { shell, kids } = await startTree();
    expect(descendantsOf(shell.pid ?? -1).sort()).toEqual([shell.pid, ...kids].sort());
  });

  it('tells a live process from a gone one, and from a reused pid', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { shell } = await startTree();
    const pid = shell.pid ?? -1;
    const startTime = startTimeOf(pid) ?? '';
    expect(isAlive(pid)).toBe(true);
    expect(isAlive(pid, startTime)).toBe(true);
    expect(isAlive(pid, String(Number(startTime) + 1))).toBe(false); // another process, same pid
    shell.kill('SIGKILL');
    await new Promise((resolve) => shell.once('exit', resolve));
    expect(isAlive(pid)).toBe(false);
  });

  it('counts a zombie as not alive', async ({ skip }) => {
    requireMachine(skip, 'linux');
    // The shell's child exits but the shell (exec'd sleep) never reaps it.
    const shell = spawn('sh', ['-c', 'sh -c "exit 0" & exec sleep 60'], { stdio: 'ignore' });
    started.push(shell.pid ?? -1);
    let zombie: number | undefined;
    await vi.waitFor(() => {
      zombie = descendantsOf(shell.pid ?? -1)[1];
      expect(readFileSync(`/proc/${zombie}/stat`, 'utf8')).toMatch(/\) Z /);
    });
    expect(isAlive(zombie ?? -1)).toBe(false);
  });

  it('measures memory as statm × the page size, one process and a tree', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { shell, kids } = await startTree();
    const pids = [shell.pid ?? -1, ...kids];
    await whenSettled(pids);
    expect(residentBytes(kids[0] ?? -1)).toBe(statmBytes(kids[0] ?? -1));
    // Sleeping processes do not change their memory, so the two reads agree exactly.
    expect(treeMemory(shell.pid ?? -1)).toBe(pids.reduce((sum, pid) => sum + statmBytes(pid), 0));
    expect(treeMemory(999_999_999)).toBeNull();
  });

  it('killTree ends the whole tree, also what left the group', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { shell, kids } = await startTree();
    const pids = [shell.pid ?? -1, ...kids];
    expect(killTree(shell.pid ?? -1).sort()).toEqual([...pids].sort());
    expect(await waitForExit(pids, 5000)).toEqual([]);
  });

  it('killTree with SIGTERM delivers it even though the tree was frozen first', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux');
    const { shell, kids } = await startTree();
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      shell.once('exit', (_code, signal) => resolve(signal)),
    );
    killTree(shell.pid ?? -1, 'SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(await waitForExit(kids, 5000)).toEqual([]);
  });

  it('killGroup ends the group but not what left it', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const { shell, kids } = await startTree(true);
    const [inGroup, outside] = kids;
    expect(killGroup(shell.pid ?? -1)).toBe(true);
    expect(await waitForExit([shell.pid ?? -1, inGroup ?? -1], 5000)).toEqual([]);
    expect(survivorsAmong([outside ?? -1])).toHaveLength(1);
  });
});
