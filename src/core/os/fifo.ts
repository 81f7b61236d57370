import { execFile } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeOwnedTempDir } from './owned-temp';
import { capabilities } from './platform';

const run = promisify(execFile);

/**
 * Creates a FIFO (mode 0600) with the `mkfifo` command; where that is missing, with Python's
 * os.mkfifo (the standard library's own call). Node has no mkfifo of its own.
 */
export async function makeFifo(path: string): Promise<void> {
  try {
    await run('mkfifo', ['-m', '600', path]);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await run('python3', ['-c', 'import os, sys; os.mkfifo(sys.argv[1], 0o600)', path]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('cannot create a FIFO: neither the mkfifo command nor python3 is installed', {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Folder prefix of the FIFO check: an owned folder, so a sweep removes it when the process was
 * killed mid-check and could not.
 */
export const FIFO_CHECK_PREFIX = 'concurrency-lab-fifo-check-';

let fifoSupport: Promise<string | null> | undefined;

/** Null when FIFOs can be made here, else why not (checked once, by making one). */
export function fifoUnavailableReason(): Promise<string | null> {
  fifoSupport ??= (async () => {
    if (!capabilities().hasFifos)
      return 'FIFOs (mkfifo) are POSIX; Windows has named pipes instead';
    let dir: string | null = null;
    try {
      dir = makeOwnedTempDir(FIFO_CHECK_PREFIX);
      const path = join(dir, 'check.fifo');
      await makeFifo(path);
      return (await stat(path)).isFIFO() ? null : 'mkfifo did not create a FIFO';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      if (dir !== null) await rm(dir, { recursive: true, force: true });
    }
  })();
  return fifoSupport;
}
