import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LANE_SAMPLER } from '../../entry-points';
import { startNativeHelper, type NativeHelper } from '../../os/native-helper';
import { appRoot } from '../../paths';
import { LANE_SLICE_MS } from '../../../shared/run-lanes';
import { decodeSlices, type SliceBatch } from './helper-slices';
import { untrustedExecutableReason } from './trusted-executable';

/**
 * The run-lane sampler's loop in the lab's native helper (src/native/lane-sampler.c): the same
 * reading as the TypeScript reader, at about a third of its cost, because a wake-up of a small C
 * program after its sleep touches far less than one of a JavaScript thread. It also turns its
 * ticks into the lanes' slices, as LaneBuilder does, so what arrives on its stdout twice a second
 * is a few characters per lane, not every thread's counters at every tick. When the helper was
 * not built (no C compiler) or is not trusted, the sampler uses its thread instead.
 */

const KIND_NAME = 1;
const KIND_CLOSED = 3;
const KIND_SLICES = 4;
/** A frame larger than this is not the helper's: its output is ignored from there on. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** What the helper said, frame by frame. */
export type HelperEvent =
  { type: 'slices'; batch: SliceBatch } | { type: 'closed'; openFiles: number };

/**
 * Splits the helper's output into frames ([u32 length][u32 kind][payload], host byte order) and
 * turns them into events; names wait for the slices frame they precede. A malformed stream ends
 * the parse (`broken`), never the lab.
 */
export class HelperFrames {
  private pending: Buffer = Buffer.alloc(0);
  private names: [number, string][] = [];
  broken = false;

  /** The events completed by `chunk`. */
  push(chunk: Buffer): HelperEvent[] {
    if (this.broken) return [];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: HelperEvent[] = [];
    let at = 0;
    while (this.pending.length - at >= 8) {
      const length = this.pending.readUInt32LE(at);
      const kind = this.pending.readUInt32LE(at + 4);
      const known = kind === KIND_NAME || kind === KIND_SLICES || kind === KIND_CLOSED;
      if (!known || length > MAX_FRAME_BYTES || length % (kind === KIND_NAME ? 1 : 8) !== 0) {
        this.broken = true;
        return events;
      }
      if (this.pending.length - at - 8 < length) break;
      const payload = this.pending.subarray(at + 8, at + 8 + length);
      at += 8 + length;
      const event = this.frame(kind, payload);
      if (event === 'broken') {
        this.broken = true;
        return events;
      }
      if (event !== null) events.push(event);
    }
    this.pending = this.pending.subarray(at);
    return events;
  }

  private frame(kind: number, payload: Buffer): HelperEvent | null | 'broken' {
    if (kind === KIND_NAME) {
      if (payload.length < 8) return 'broken';
      this.names.push([payload.readDoubleLE(0), payload.toString('utf8', 8)]);
      return null;
    }
    if (kind === KIND_CLOSED) {
      return payload.length < 8 ? 'broken' : { type: 'closed', openFiles: payload.readDoubleLE(0) };
    }
    const batch = decodeSlices(payload, this.names);
    if (batch === null) return 'broken';
    this.names = [];
    return { type: 'slices', batch };
  }
}

let binary: Promise<string | null> | null = null;

/** The built helper, once checked: null when it was not built or another user could change it. */
export function laneSamplerBinary(): Promise<string | null> {
  binary ??= (async () => {
    try {
      const file = join(appRoot(), LANE_SAMPLER.built);
      if (!existsSync(file)) return null;
      return (await untrustedExecutableReason(file)) === null ? file : null;
    } catch {
      return null; // no app root or an unreadable path: the sampling thread reads the lanes
    }
  })();
  return binary;
}

/** Settings of one helper run. */
export interface NativeLoopSettings {
  binary: string;
  /** Slice 0 on CLOCK_MONOTONIC, ms. */
  t0: number;
  intervalMs: number;
  postMs: number;
  pids: readonly number[];
}

/** One run's helper: started, told the pids, stopped after a last look. */
export class NativeLaneLoop {
  private readonly frames = new HelperFrames();
  private closedSeen = false;

  private constructor(
    private readonly helper: NativeHelper,
    onEvent: (event: HelperEvent) => void,
  ) {
    helper.onOutput((chunk) => {
      for (const event of this.frames.push(chunk)) {
        if (event.type === 'closed') this.closedSeen = true;
        onEvent(event);
      }
      if (this.frames.broken) helper.kill();
    });
  }

  /** Starts the helper; null if it could not start. */
  static start(
    settings: NativeLoopSettings,
    onEvent: (event: HelperEvent) => void,
  ): NativeLaneLoop | null {
    const { t0, intervalMs, postMs } = settings;
    const args = [t0, intervalMs, postMs, process.pid, LANE_SLICE_MS].map(String);
    const helper = startNativeHelper(settings.binary, args);
    if (helper === null) return null;
    const loop = new NativeLaneLoop(helper, onEvent);
    loop.setPids(settings.pids);
    return loop;
  }

  /** Its pid (tests and the benchmark read its CPU time). */
  get pid(): number {
    return this.helper.pid;
  }

  /** Resolves when it has exited (code, or null if killed). */
  get exited(): Promise<number | null> {
    return this.helper.exited;
  }

  /** The run's pids now. */
  setPids(pids: readonly number[]): void {
    this.helper.send(`pids ${pids.join(' ')}`);
  }

  /**
   * Asks for a last look and waits for its final slices and exit, at most `waitMs`; true when it
   * ended with every file closed, false when it had to be killed.
   */
  async finish(waitMs: number): Promise<boolean> {
    this.helper.send('stop');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>(
      (resolve) => (timer = setTimeout(() => resolve('late'), waitMs)),
    );
    const ended = await Promise.race([this.helper.exited, late]);
    clearTimeout(timer);
    if (ended === 'late' || !this.closedSeen) {
      this.helper.kill();
      await this.helper.exited;
      return false;
    }
    return true;
  }

  /** Ends it at once (its unsent slices are lost). */
  kill(): void {
    this.helper.kill();
  }
}
