import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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

let fifoSupport: Promise<string | null> | undefined;

/** Null when FIFOs can be made here, else why not (checked once, by making one). */
export function fifoUnavailableReason(): Promise<string | null> {
  fifoSupport ??= (async () => {
    if (process.platform === 'win32')
      return 'FIFOs (mkfifo) are POSIX; Windows has named pipes instead';
    const dir = await mkdtemp(join(tmpdir(), 'concurrency-lab-fifo-check-'));
    try {
      const path = join(dir, 'check.fifo');
      await makeFifo(path);
      return (await stat(path)).isFIFO() ? null : 'mkfifo did not create a FIFO';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return fifoSupport;
}
