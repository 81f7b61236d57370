import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clockTicksPerSecond,
  pageSize,
  readChildren,
  readComm,
  readMeminfo,
  readStat,
  readStatm,
  readStatusField,
} from '../../../../src/core/os/procfs';
import { requireMachine } from '../../support/machine';

const getconf = (name: string): number =>
  Number(spawnSync('getconf', [name], { encoding: 'utf8' }).stdout.trim());

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('procfs on this machine', () => {
  it('measures the page size getconf reports', ({ skip }) => {
    requireMachine(skip, 'linux');
    expect(pageSize()).toBe(getconf('PAGESIZE'));
  });

  it('reads clock ticks per second as getconf reports them', ({ skip }) => {
    requireMachine(skip, 'linux');
    expect(clockTicksPerSecond()).toBe(getconf('CLK_TCK'));
  });

  it('reads this process’s stat, statm and status', ({ skip }) => {
    requireMachine(skip, 'linux');
    const stat = readStat('self');
    expect(stat?.pid).toBe(process.pid);
    expect(stat?.ppid).toBe(process.ppid);
    const statm = readStatm('self');
    expect(statm?.residentPages).toBeGreaterThan(0);
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    expect(readStatusField('self', 'Cpus_allowed_list')).toBe(line?.[1]);
  });

  it('reads a child in the children list and its name', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(child);
    await new Promise((resolve) => child.once('spawn', resolve));
    expect(readChildren(process.pid)).toContain(child.pid);
    // exec replaces the forked Node copy's name; wait for it.
    let comm: string | null = null;
    for (let i = 0; i < 100 && comm !== 'sleep'; i += 1) {
      comm = readComm(child.pid ?? -1);
      if (comm !== 'sleep') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(comm).toBe('sleep');
  });

  it('answers null for a process that is gone', ({ skip }) => {
    requireMachine(skip, 'linux');
    const gone = spawnSync('true').pid;
    expect(readStat(gone)).toBeNull();
    expect(readStatm(gone)).toBeNull();
    expect(readChildren(gone)).toBeNull();
    expect(readComm(gone)).toBeNull();
  });

  it('reads meminfo: MemTotal is what Node reports', ({ skip }) => {
    requireMachine(skip, 'linux');
    expect(readMeminfo()?.totalBytes).toBe(totalmem());
  });
});
