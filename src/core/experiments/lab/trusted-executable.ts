import type { Stats } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * Whether a program is safe for the lab to run as itself. The lab runs the chosen Python
 * interpreter with its own rights (often root); if another user could replace that file, or
 * a folder or symlink on the way to it, they could run their code with those rights.
 */

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;
const MAX_SYMLINKS = 40;
const ADVICE = 'choose an interpreter only you or root can change';

/** Modes and owners of one path, for the checks (lstat: a symlink's own, not its target's). */
type Entry = Pick<Stats, 'mode' | 'uid'> & { isSymbolicLink(): boolean; isFile(): boolean };

/**
 * Why `path` must not be run as the lab (one plain sentence), or null when only root and `uid`
 * (the lab's user) can change it: the file it resolves to, every folder on the way, and every
 * symlink followed. Folders that hold the file must not be writable by group or others; folders
 * further up may be only if sticky (like /tmp), where others cannot replace our entries.
 */
export async function untrustedExecutableReason(
  path: string,
  uid: number = process.geteuid?.() ?? 0,
): Promise<string | null> {
  if (!isAbsolute(path)) {
    return `${path} is not a full path; give the interpreter's full path (for example /usr/bin/python3)`;
  }
  const trustedOwner = (entry: Entry): boolean => entry.uid === 0 || entry.uid === uid;
  const pending = path.split('/').filter((part) => part !== '' && part !== '.');
  let current = '/';
  let symlinks = 0;
  while (pending.length > 0) {
    const name = pending.shift() ?? '';
    // `current` is already a real folder, so its parent is the real '..'.
    if (name === '..') {
      current = dirname(current);
      continue;
    }
    const folder = await lstat(current);
    if (!trustedOwner(folder)) return ownedByOther(current, folder.uid);
    const holdsFile = pending.length === 0;
    const openToOthers = (folder.mode & GROUP_OR_OTHER_WRITE) !== 0;
    if (openToOthers && (holdsFile || (folder.mode & STICKY) === 0)) {
      return `${current} is writable by other users, so another user could replace what ${path} runs; ${ADVICE}`;
    }
    const next = join(current, name);
    let entry: Entry;
    try {
      entry = await lstat(next);
    } catch {
      return `there is no file at ${path}; give the full path of an installed python3`;
    }
    // Owned by another user, even an entry in a sticky folder could be swapped by them.
    if (!trustedOwner(entry)) return ownedByOther(next, entry.uid);
    if (entry.isSymbolicLink()) {
      symlinks += 1;
      if (symlinks > MAX_SYMLINKS) return `${path} goes through too many symlinks`;
      const target = await readlink(next);
      pending.unshift(...target.split('/').filter((part) => part !== '' && part !== '.'));
      if (isAbsolute(target)) current = '/';
      continue;
    }
    if (!holdsFile) {
      current = next;
      continue;
    }
    if (!entry.isFile()) return `${next} is not a program file; give the interpreter's full path`;
    if ((entry.mode & GROUP_OR_OTHER_WRITE) !== 0) {
      return `${next} is writable by other users, so another user could replace it; ${ADVICE}`;
    }
    return null;
  }
  return `${path} names a folder, not a program; give the interpreter's full path`;
}

function ownedByOther(path: string, owner: number): string {
  return `${path} belongs to another user (uid ${owner}), who could replace it; ${ADVICE}`;
}
