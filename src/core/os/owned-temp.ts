import { mkdtempSync, writeFileSync } from 'node:fs';
import { lstat, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, startTimeOf } from './process-tree';

/**
 * Temp folders owned by a process: each holds an `owner` file naming the process that made it,
 * so a later start can remove the folders of an app that was SIGKILLed and could clean nothing
 * up — and only those: never a folder of another user, of a live process, or one without an
 * owner file. Used by the IPC lab's job folders and the experiments' file workload.
 */

/** The file in each folder naming its owner; its format is shared with older app versions. */
export const OWNER_FILE = 'owner';

interface Owner {
  pid: number;
  /** The owner's start time (stat field 22) as text: pids are reused. '' where unknown. */
  startTime: string;
}

/** Makes a folder `${root}/${prefix}XXXXXX` owned by this process; returns its path. */
export function makeOwnedTempDir(prefix: string, root: string = tmpdir()): string {
  const dir = mkdtempSync(join(root, prefix));
  const owner: Owner = { pid: process.pid, startTime: startTimeOf('self') ?? '' };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
  return dir;
}

/** True for a folder of this user whose owner file names a process that is gone. */
async function ownerIsGone(dir: string): Promise<boolean> {
  const info = await lstat(dir);
  const uid = process.getuid?.();
  if (!info.isDirectory() || uid === undefined || info.uid !== uid) return false;
  const owner = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
  if (typeof owner.pid !== 'number' || typeof owner.startTime !== 'string') return false;
  if (owner.startTime === '') return !isAlive(owner.pid); // made where start times are unknown
  return !isAlive(owner.pid, owner.startTime);
}

/**
 * Removes the folders under `root` whose name starts with one of `prefixes` and whose owner is
 * a dead process of this user; returns the folders removed. Anything it cannot judge stays.
 */
export async function sweepDeadOwnersTempDirs(
  prefixes: readonly string[],
  root: string = tmpdir(),
): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!prefixes.some((prefix) => prefix !== '' && name.startsWith(prefix))) continue;
    const dir = join(root, name);
    try {
      if (!(await ownerIsGone(dir))) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // no owner file, unreadable, or gone meanwhile: not ours to judge
    }
  }
  return removed;
}
