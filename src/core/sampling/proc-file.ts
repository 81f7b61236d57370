import fs from 'node:fs';

/**
 * A /proc file kept open and re-read from position 0 with fs.readSync: measured the cheapest
 * way to poll /proc (no open/close per tick, no promise per file). Vanished processes
 * (ENOENT, ESRCH) and files of other users (EACCES, EPERM, hidepid) read as null; the
 * descriptor is closed as soon as a read fails, so nothing leaks.
 */

/** Why the last read gave no text. */
export type ReadFailure = 'gone' | 'denied';

/** Counts the descriptors ProcFiles hold, so the sampler stays under the process's limit. */
export class FdBudget {
  private open = 0;

  constructor(readonly limit: number) {}

  /** Descriptors held right now. */
  get held(): number {
    return this.open;
  }

  /** Takes one descriptor if the budget allows. */
  take(): boolean {
    if (this.open >= this.limit) return false;
    this.open += 1;
    return true;
  }

  /** Gives one back. */
  release(): void {
    this.open = Math.max(0, this.open - 1);
  }
}

let shared = Buffer.allocUnsafe(16 * 1024);

/** Reads a whole file from position 0, growing the shared buffer when it comes back full. */
function readWhole(fd: number): string {
  for (;;) {
    const length = fs.readSync(fd, shared, 0, shared.length, 0);
    if (length < shared.length) return shared.toString('latin1', 0, length);
    shared = Buffer.allocUnsafe(shared.length * 2);
  }
}

/**
 * Maps a read error to a failure kind. Vanished: ENOENT, ESRCH. Anything else (EACCES and
 * EPERM for other users' files and hidepid, EMFILE when out of descriptors, an odd kernel
 * error) makes the file unreadable this time; one odd file never stops a tick.
 */
function failureOf(error: unknown): ReadFailure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'ENOTDIR' ? 'gone' : 'denied';
}

/** One /proc file, opened on first read and kept open while the budget allows. */
export class ProcFile {
  private fd: number | null = null;
  private closed = false;
  /** Why the last read returned null. */
  failure: ReadFailure | null = null;

  constructor(
    readonly path: string,
    private readonly budget: FdBudget,
  ) {}

  /** The whole file as latin1 text, or null (see `failure`). Never throws for gone/denied. */
  read(): string | null {
    return this.withFd((fd) => readWhole(fd));
  }

  /**
   * Reads the file from position 0 into `target` (one pread, no string made): the bytes read,
   * or -1 (see `failure`). For small files polled many times a second, like schedstat.
   */
  readInto(target: Buffer): number {
    return this.withFd((fd) => fs.readSync(fd, target, 0, target.length, 0)) ?? -1;
  }

  /** Runs one read on the kept descriptor (opened on first use); null once gone or denied. */
  private withFd<T>(readFrom: (fd: number) => T): T | null {
    if (this.closed) {
      this.failure ??= 'gone';
      return null;
    }
    try {
      if (this.fd === null) {
        if (!this.budget.take()) return this.readWithoutKeeping(readFrom);
        try {
          this.fd = fs.openSync(this.path, 'r');
        } catch (error) {
          this.budget.release();
          throw error;
        }
      }
      const result = readFrom(this.fd);
      this.failure = null;
      return result;
    } catch (error) {
      this.failure = failureOf(error);
      this.close();
      return null;
    }
  }

  /** Over budget: open, read and close each time (slower, but never starves the process). */
  private readWithoutKeeping<T>(readFrom: (fd: number) => T): T {
    const fd = fs.openSync(this.path, 'r');
    try {
      const result = readFrom(fd);
      this.failure = null;
      return result;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Closes the descriptor; later reads return null. Idempotent. */
  close(): void {
    this.closed = true;
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // Already closed by the kernel side: nothing to release but the budget slot.
    }
    this.fd = null;
    this.budget.release();
  }
}

/** Reads a small file once (cmdline, passwd), or null if gone or denied. */
export function readOnce(path: string): Buffer | null {
  try {
    return fs.readFileSync(path);
  } catch (error) {
    failureOf(error);
    return null;
  }
}

/** Lists a /proc directory, or [] if it vanished or is hidden. */
export function listDir(path: string): string[] {
  try {
    return fs.readdirSync(path);
  } catch (error) {
    failureOf(error);
    return [];
  }
}

/** The soft "Max open files" limit of this process, from /proc/self/limits (null if unknown). */
export function openFileLimit(): number | null {
  const text = readOnce('/proc/self/limits')?.toString('latin1') ?? '';
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!match?.[1]) return null;
  return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}
