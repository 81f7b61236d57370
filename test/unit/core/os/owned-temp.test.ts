import { spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  makeOwnedTempDir,
  OWNER_FILE,
  startTimeOf,
  sweepDeadOwnersTempDirs,
} from '../../../../src/core/os';
import { requireMachine } from '../../support/machine';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lab-os-owned-test-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A folder named like an owned one, with the owner file `owner` (or none). */
function folder(name: string, owner?: { pid: number; startTime: string }): string {
  const dir = join(root, name);
  mkdirSync(dir);
  if (owner !== undefined) writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

/** A pid that has exited and been reaped, and a start time no live process has. */
const deadOwner = (): { pid: number; startTime: string } => ({
  pid: spawnSync('true').pid,
  startTime: '1',
});

describe('owned temp folders', () => {
  it('makeOwnedTempDir names this process and its start time', ({ skip }) => {
    requireMachine(skip, 'linux');
    const dir = makeOwnedTempDir('lab-a-', root);
    expect(basename(dir).startsWith('lab-a-')).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8'))).toEqual({
      pid: process.pid,
      startTime: startTimeOf('self'),
    });
  });

  it('the sweep removes dead owners’ folders of every prefix, and only those', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const mine = makeOwnedTempDir('lab-a-', root);
    const deadA = folder('lab-a-dead', deadOwner());
    const deadB = folder('lab-b-dead', deadOwner());
    // This pid is alive, but it started at another time: it is a reused pid, the owner is gone.
    const reused = folder('lab-a-reused', { pid: process.pid, startTime: '1' });
    const otherPrefix = folder('other-dead', deadOwner());
    const noOwner = folder('lab-a-no-owner');
    const removed = await sweepDeadOwnersTempDirs(['lab-a-', 'lab-b-'], root);
    expect(removed.sort()).toEqual([deadA, deadB, reused].sort());
    for (const kept of [mine, otherPrefix, noOwner]) expect(existsSync(kept)).toBe(true);
  });

  it('keeps another user’s folder even when its owner is dead', async ({ skip }) => {
    requireMachine(skip, 'linux');
    skip(process.getuid?.() !== 0, 'needs root to give a folder to another user');
    const owner = deadOwner();
    const theirs = folder('lab-a-theirs', owner);
    chownSync(theirs, 65534, 65534);
    const ours = folder('lab-a-ours', owner); // the same dead owner: only the user differs
    expect(await sweepDeadOwnersTempDirs(['lab-a-'], root)).toEqual([ours]);
    expect(existsSync(theirs)).toBe(true);
  });

  it('an empty prefix matches nothing rather than everything', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const dead = folder('anything', deadOwner());
    expect(await sweepDeadOwnersTempDirs([''], root)).toEqual([]);
    expect(existsSync(dead)).toBe(true);
  });
});
