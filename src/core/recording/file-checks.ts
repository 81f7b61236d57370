import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import {
  formatLabMessage,
  said,
  type LabMessageKey,
  type LabMessageValue,
} from '../../shared/lab-messages';

/** Words for the file-system errors a learner can act on, by errno code. */
const FS_WORDS: Record<string, LabMessageKey> = {
  ENOSPC: 'fsNoSpace',
  EDQUOT: 'fsQuota',
  EROFS: 'fsReadOnly',
  EACCES: 'fsDenied',
  EPERM: 'fsDenied',
  ENOENT: 'fsNoEntry',
  EISDIR: 'fsIsFolder',
  EIO: 'fsIo',
};

/**
 * Why a file operation failed, as something the lab says: plain words and the code for the
 * errors a person can act on ("no space left on the disk (ENOSPC)"), else the system's message.
 */
export function fsReasonSaid(error: unknown): LabMessageValue {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words = code === undefined ? undefined : FS_WORDS[code];
  if (code !== undefined && words !== undefined) {
    return said('fsCoded', { words: said(words), code });
  }
  return error instanceof Error ? error.message : String(error);
}

/** Why a file operation failed, in English words (see fsReasonSaid). */
export function fsReason(error: unknown): string {
  const reason = fsReasonSaid(error);
  return typeof reason === 'object' ? formatLabMessage(reason) : String(reason);
}

/** What kind of special file `stats` is, in words, or null for a regular file. */
function specialKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads a whole regular file. Special files are refused with a sentence: a FIFO would block
 * forever and a device may never end, so the type is checked first and the file is opened
 * non-blocking (a FIFO swapped in between is still caught by fstat and never waited on).
 */
export async function readRegularFile(path: string): Promise<{ text: string; stats: Stats }> {
  const refuse = (kind: string): Error =>
    new Error(`${path}: is ${kind}, not a session file; give the path of a recording`);
  let before: Stats;
  try {
    before = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read: ${fsReason(error)}`}`,
      {
        cause: error,
      },
    );
  }
  const kind = specialKind(before);
  if (kind !== null) throw refuse(kind);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error) => {
    throw new Error(`${path}: cannot read: ${fsReason(error)}`, { cause: error });
  });
  try {
    const stats = await handle.stat();
    const now = specialKind(stats);
    if (now !== null) throw refuse(now);
    return { text: await handle.readFile('utf8'), stats };
  } finally {
    await handle.close();
  }
}

/**
 * Refuses an output path that is the input itself (by device and inode, so also through a
 * symlink or a hard link) or an existing special file. A missing path is fine.
 */
export async function checkOutputPath(
  path: string,
  input: { path: string; stats: Stats },
): Promise<void> {
  let existing: Stats;
  try {
    existing = await stat(path);
  } catch {
    return; // nothing there yet (or a dangling link, which the rename replaces)
  }
  if (existing.dev === input.stats.dev && existing.ino === input.stats.ino) {
    throw new Error(
      `${path}: is the session file being exported (${input.path}); choose another output path`,
    );
  }
  const kind = specialKind(existing);
  if (kind !== null)
    throw new Error(`${path}: is ${kind}; an export can only replace a regular file`);
}
