import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepAbandonedRuns } from './support/nothing-left';

/** The test harness's own clean-up: a killed test run's temp folder goes at the next run. */
describe('sweepAbandonedRuns', () => {
  let parent = '';
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  /** A pid that was a real process and has exited. */
  function exitedPid(): number {
    const child = spawnSync('sh', ['-c', 'echo $$']);
    return Number(String(child.stdout).trim());
  }

  it("removes a killed run's folder, with what it held, and keeps live runs' and others' folders", () => {
    parent = mkdtempSync(join(tmpdir(), 'sweep-'));
    const killed = join(parent, `clab-t-${exitedPid()}-AbC123`);
    mkdirSync(join(killed, 'pymp-x'), { recursive: true });
    writeFileSync(join(killed, 'pymp-x', 'listener'), '');
    const live = join(parent, `clab-t-${process.pid}-XyZ789`);
    mkdirSync(live);
    const other = join(parent, 'clab-t-notapid');
    mkdirSync(other);

    expect(sweepAbandonedRuns(parent)).toEqual([killed]);
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });

  it('keeps the folder of a killed run while a process it started still uses it', async () => {
    parent = mkdtempSync(join(tmpdir(), 'sweep-'));
    const folder = join(parent, `clab-t-${exitedPid()}-Qwe456`);
    mkdirSync(folder);
    const orphan = spawn('sleep', ['30'], { env: { ...process.env, TMPDIR: folder } });
    try {
      await new Promise((resolve) => orphan.once('spawn', resolve));
      expect(sweepAbandonedRuns(parent)).toEqual([]);
      expect(existsSync(folder)).toBe(true);
    } finally {
      orphan.kill('SIGKILL');
      await new Promise((resolve) => orphan.once('exit', resolve));
    }
    expect(sweepAbandonedRuns(parent)).toEqual([folder]);
  });
});
