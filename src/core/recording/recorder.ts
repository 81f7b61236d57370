import { closeSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { StreamChannel, StreamPayloads } from '../../shared/contract';
import { encodeHeader, encodeRecord, type SessionHeader } from '../../shared/session-format';
import { LabError, said } from '../../shared/lab-messages';
import { fsReasonSaid } from './file-checks';

/** How often buffered records reach the file: a crash loses at most this much. */
const FLUSH_EVERY_MS = 250;

/** Figures of a recording in progress or just finished. */
export interface RecorderFigures {
  path: string;
  startedAt: number;
  durationMs: number;
  bytes: number;
  records: number;
}

/**
 * Appends streamed payloads to a session file. The header is written at once, records are
 * flushed every 250 ms with plain write(2) calls, so a process killed with SIGKILL leaves a
 * file that reads up to its last flush. Never overwrites an existing file.
 */
export class SessionRecorder {
  private readonly fd: number;
  private readonly startedMono = performance.now();
  private pending: string[] = [];
  private bytes = 0;
  private records = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  /**
   * Creates `path` (which must not exist) and writes the header before returning, so a full or
   * read-only disk is reported at once: it throws a sentence naming the file and the reason, and
   * removes the file it created. `onWriteError` reports a later failed write (in words).
   */
  constructor(
    readonly path: string,
    readonly header: SessionHeader,
    private readonly onWriteError: (error: Error) => void = () => {},
  ) {
    try {
      this.fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      throw new LabError(said('cannotRecord', { path, reason: fsReasonSaid(error) }), {
        cause: error,
      });
    }
    try {
      this.writeAll(encodeHeader(header));
    } catch (error) {
      closeSync(this.fd);
      rmSync(path, { force: true });
      throw new LabError(said('cannotRecord', { path, reason: fsReasonSaid(error) }), {
        cause: error,
      });
    }
    this.timer = setInterval(() => this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  /** Queues one payload, stamped with the time since the recording began. */
  append<S extends StreamChannel>(stream: S, payload: StreamPayloads[S]): void {
    if (this.closed) return;
    const t = Math.round((performance.now() - this.startedMono) * 1000) / 1000;
    this.pending.push(encodeRecord({ t, stream, payload } as never));
    this.records += 1;
  }

  /** Writes queued records to the file now. */
  flush(): void {
    if (this.closed || this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.write(text);
  }

  /** Figures so far. */
  figures(): RecorderFigures {
    return {
      path: this.path,
      startedAt: this.header.startedAtMs,
      durationMs: performance.now() - this.startedMono,
      bytes: this.bytes,
      records: this.records,
    };
  }

  /** Flushes and closes the file; further appends are ignored. */
  close(): RecorderFigures {
    if (!this.closed) this.flush(); // a failed write closes the file itself
    if (!this.closed) {
      this.closed = true;
      clearInterval(this.timer);
      closeSync(this.fd);
    }
    return this.figures();
  }

  private write(text: string): void {
    try {
      this.writeAll(text);
    } catch (error) {
      // Disk full or the file's device gone: stop recording and cut the file back to its last
      // whole line, so it still reads cleanly up to there.
      this.closed = true;
      clearInterval(this.timer);
      try {
        ftruncateSync(this.fd, this.bytes);
      } catch {
        // The device may be gone; the reader drops a cut-off last line anyway.
      }
      closeSync(this.fd);
      const reason = said('cannotWrite', { path: this.path, reason: fsReasonSaid(error) });
      this.onWriteError(new LabError(reason, { cause: error }));
    }
  }

  /** Writes all of `text` at the end of what was written, or throws. */
  private writeAll(text: string): void {
    const data = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset);
    this.bytes += data.length;
  }
}
