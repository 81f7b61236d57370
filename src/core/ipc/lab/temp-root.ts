import { readFileSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The IPC lab's per-job temp folders (FIFOs, sockets, shared memory files). Each holds an
 * `owner` file naming the process that made it, so a later start can remove the folders of an
 * app that was SIGKILLed and could clean nothing up — and only those: never a folder of another
 * user, of a live process, or one without an owner file.
 */

/** Every job folder's name starts with this, in the system temp folder. */
export const IPC_TEMP_PREFIX = 'concurrency-lab-ipc-';
const OWNER_FILE = 'owner';

interface Owner {
  pid: number;
  /** The process's start time in clock ticks since boot (/proc/PID/stat field 22): pids are reused. */
  startTime: string;
}

function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isOwnerAlive(owner: Owner): boolean {
  if (process.platform !== 'linux') {
    try {
      process.kill(owner.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return startTimeOf(owner.pid) === owner.startTime;
}

/** Makes a job folder owned by this process. */
export async function makeTempRoot(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), IPC_TEMP_PREFIX));
  const owner: Owner = { pid: process.pid, startTime: startTimeOf(process.pid) ?? '' };
  await writeFile(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

async function isStale(dir: string): Promise<boolean> {
  const info = await lstat(dir);
  if (!info.isDirectory() || info.uid !== process.getuid?.()) return false;
  const owner = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
  if (typeof owner.pid !== 'number' || typeof owner.startTime !== 'string') return false;
  return !isOwnerAlive({ pid: owner.pid, startTime: owner.startTime });
}

/** Removes the job folders left by dead processes of this user; returns the ones removed. */
export async function sweepStaleTempRoots(root = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(IPC_TEMP_PREFIX)) continue;
    const dir = join(root, name);
    try {
      if (!(await isStale(dir))) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // no owner file, unreadable, or gone meanwhile: not ours to judge
    }
  }
  return removed;
}
