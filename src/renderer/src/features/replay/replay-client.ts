import type {
  CallChannel,
  CallRequest,
  CallResponses,
  LabClient,
  StreamChannel,
  StreamPayloads,
  SystemInfo,
} from '../../../../shared/contract';
import type { ParsedSession, SessionRecord } from '../../../../shared/session-format';
import { replayI18n } from './replay-i18n';
import { StreamListeners } from '../../transport/stream-listeners';
import { ipcResultsAt, processSnapshotAt, processStateAt } from './replay-answers';
import {
  experimentEventsAt,
  experimentResultsAt,
  experimentStateAt,
  ipcMechanismsOf,
  ipcStateAt,
} from './replay-lab-answers';

/** How much history is replayed at once after a seek, so charts show their usual window. */
const SEEK_HISTORY_MS = 60_000;

/**
 * Streams whose latest payload is the whole current figure, which calls do not answer: a view
 * that subscribes mid-replay gets it at once (a running experiment's progress).
 */
const CURRENT_ON_SUBSCRIBE: ReadonlySet<StreamChannel> = new Set(['experiment:progress']);

/** Playback speeds offered by the scrubber. */
export const REPLAY_SPEEDS = [0.5, 1, 2, 4, 10] as const;

/** Where playback is, for the scrubber. */
export interface ReplayPosition {
  positionMs: number;
  durationMs: number;
  playing: boolean;
  speed: number;
  /** Changes on every seek; views are remounted with it so their history restarts. */
  epoch: number;
  /** Why playback stopped on its own (a view failed on a recorded payload), or null. */
  problem: ReplayProblem | null;
}

/** A recorded payload a view failed on: the bar says it in the UI's language. */
export interface ReplayProblem {
  stream: StreamChannel;
  /** The record's time in the recording, ms. */
  atMs: number;
  /** The view's error message. */
  reason: string;
}

/**
 * A LabClient that plays a recorded session instead of talking to the lab: the same views
 * subscribe to the same streams and receive the recorded payloads at the recorded pace.
 * Calls answer from the recording (its header, and the records played up to the position), so
 * every tab shows what the lab showed then; anything that would change the live lab is refused.
 */
export class ReplayLabClient implements LabClient {
  private readonly listeners = new StreamListeners();
  private readonly positionListeners = new Set<(position: ReplayPosition) => void>();
  private readonly durationMs: number;
  private position = 0;
  private next = 0; // index of the next record to play
  private playing = false;
  private speed = 1;
  private epoch = 0;
  // Plain timers, not window's: the client is also driven from Node by the unit tests.
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastFrame = 0;
  private problem: ReplayProblem | null = null;

  constructor(readonly session: ParsedSession) {
    this.durationMs = session.records.at(-1)?.t ?? 0;
  }

  async call<C extends CallChannel>(
    channel: C,
    request: CallRequest<C>,
  ): Promise<CallResponses[C]> {
    const runId = (request as { runId?: unknown } | undefined)?.runId;
    const answers: Partial<{ [K in CallChannel]: () => CallResponses[K] }> = {
      'system:info': () => this.session.header.machine as SystemInfo,
      'sampling:get-state': () => ({ ...this.session.header.sampling, paused: !this.playing }),
      'processes:snapshot': () => processSnapshotAt(this.session, this.next),
      'processes:get-state': () => processStateAt(this.session, this.next, this.playing),
      // The minute before the position is replayed as stream records after every seek.
      'processes:history': () => ({ threads: [], threadCounts: [] }),
      'ipc:results': () => ipcResultsAt(this.session, this.next),
      'ipc:state': () => ipcStateAt(this.session, this.next),
      'ipc:mechanisms': () => ipcMechanismsOf(this.session),
      'experiment:get-state': () => experimentStateAt(this.session, this.next),
      'experiment:list-results': () => experimentResultsAt(this.session, this.next),
      'experiment:python-status': () => experimentStateAt(this.session, this.next).python,
      'experiment:events': () =>
        experimentEventsAt(this.session, this.next, typeof runId === 'string' ? runId : ''),
    };
    const answer = answers[channel];
    if (answer === undefined) throw new Error(replayI18n().t('replay.notAvailable', { channel }));
    return answer() as CallResponses[C];
  }

  subscribe<S extends StreamChannel>(
    stream: S,
    listener: (payload: StreamPayloads[S]) => void,
  ): () => void {
    const unsubscribe = this.listeners.add(stream, listener);
    if (!CURRENT_ON_SUBSCRIBE.has(stream)) return unsubscribe;
    // A view first shown mid-replay (a tab opened after a seek, or while paused) gets the
    // figure as of the position at once, as a live view would within a tick.
    let subscribed = true;
    const current = this.latestPlayed(stream);
    if (current !== undefined) {
      queueMicrotask(() => {
        if (subscribed) this.deliver(current, () => listener(current.payload as never));
      });
    }
    return () => {
      subscribed = false;
      unsubscribe();
    };
  }

  /** Calls `listener` on every position change; returns the unsubscriber. */
  onPosition(listener: (position: ReplayPosition) => void): () => void {
    this.positionListeners.add(listener);
    listener(this.snapshot());
    return () => this.positionListeners.delete(listener);
  }

  play(): void {
    if (this.playing) return;
    if (this.position >= this.durationMs) this.seek(0);
    this.playing = true;
    this.lastFrame = performance.now();
    this.timer = setInterval(() => this.advance(), 50);
    this.publish();
  }

  pause(): void {
    this.playing = false;
    clearInterval(this.timer);
    this.publish();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.publish();
  }

  /**
   * Jumps to `positionMs`. Views remount (epoch changes), then `replayHistory` feeds them the
   * minute before the new position so their charts are full at once.
   */
  seek(positionMs: number): void {
    this.position = Math.min(Math.max(0, positionMs), this.durationMs);
    this.next = this.indexAfter(this.position);
    this.epoch += 1;
    this.publish();
  }

  /** Emits the records of the minute up to the current position (after views remount). */
  replayHistory(): void {
    const from = this.indexAfter(this.position - SEEK_HISTORY_MS);
    this.emitRange(from, this.next);
  }

  /** Stops playback for good. */
  dispose(): void {
    this.pause();
    this.listeners.clear();
    this.positionListeners.clear();
  }

  private advance(): void {
    const now = performance.now();
    this.position = Math.min(this.durationMs, this.position + (now - this.lastFrame) * this.speed);
    this.lastFrame = now;
    const end = this.indexAfter(this.position);
    this.emitRange(this.next, end);
    this.next = end;
    if (this.position >= this.durationMs) this.pause();
    else this.publish();
  }

  /** The index of the first record later than `t`. */
  private indexAfter(t: number): number {
    const records = this.session.records;
    let low = 0;
    let high = records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((records[middle] as SessionRecord).t <= t) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Hands records to the views. Payloads were checked when the file was read; should a view
   * still fail on one, playback stops and says where, instead of failing on every later tick.
   */
  private emitRange(from: number, to: number): void {
    for (let index = Math.max(0, from); index < to; index += 1) {
      const record = this.session.records[index] as SessionRecord;
      if (!this.deliver(record, () => this.listeners.emit(record.stream, record.payload))) return;
    }
  }

  /** Runs `show` (a view taking `record`); false, with playback stopped, if the view failed. */
  private deliver(record: SessionRecord, show: () => void): boolean {
    try {
      show();
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.problem = { stream: record.stream, atMs: Math.round(record.t), reason };
      this.pause();
      return false;
    }
  }

  /** The last record of `stream` played so far (before the position). */
  private latestPlayed(stream: StreamChannel): SessionRecord | undefined {
    for (let index = this.next - 1; index >= 0; index -= 1) {
      const record = this.session.records[index] as SessionRecord;
      if (record.stream === stream) return record;
    }
    return undefined;
  }

  private snapshot(): ReplayPosition {
    return {
      positionMs: this.position,
      durationMs: this.durationMs,
      playing: this.playing,
      speed: this.speed,
      epoch: this.epoch,
      problem: this.problem,
    };
  }

  private publish(): void {
    const position = this.snapshot();
    for (const listener of this.positionListeners) listener(position);
  }
}
