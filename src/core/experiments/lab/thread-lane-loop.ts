import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { startEntry, type StartedEntry } from '../../os/spawn';
import {
  ABANDONED,
  DONE,
  LOOP_COMMAND,
  LOOP_STATE,
  LOOPING,
  STARTING,
  STOP,
  monotonicMs,
  type FromLaneLoop,
  type LaneLoopData,
  type LoopPids,
} from './lane-sampling-loop';

/**
 * The run-lane sampler's loop on a thread of the lab (the `run-lanes-worker` entry,
 * lane-sampling-loop.ts), seen from the main thread: where the native helper was not built.
 * The thread sleeps on a futex between ticks and posts them in batches; stop() wakes it and
 * takes its last ones synchronously, so a run's result never waits on a message.
 */

/** Settings of one sampling thread. */
export interface ThreadLoopSettings {
  pids: readonly number[];
  /** Slice 0 on CLOCK_MONOTONIC, ms. */
  t0: number;
  intervalMs: number;
  postMs: number;
  procRoot: string;
}

/** One run's sampling thread: started, told the pids, stopped after a last look. */
export class ThreadLaneLoop {
  private constructor(
    private readonly entry: StartedEntry,
    private readonly port: MessagePort,
    private readonly control: Int32Array,
    private readonly onMessage: (message: FromLaneLoop) => void,
  ) {}

  /** Starts the thread; null if it could not start (the main thread goes on sampling). */
  static start(
    settings: ThreadLoopSettings,
    onMessage: (message: FromLaneLoop) => void,
  ): ThreadLaneLoop | null {
    const control = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    const data: LaneLoopData = {
      port: port2,
      control: control.buffer as SharedArrayBuffer,
      pids: [...settings.pids],
      t0: settings.t0,
      intervalMs: settings.intervalMs,
      postMs: settings.postMs,
      procRoot: settings.procRoot,
    };
    let entry: StartedEntry;
    try {
      entry = startEntry('run-lanes-worker', {
        kind: 'thread',
        name: 'lane-sampler',
        workerData: data,
        transferList: [port2],
      });
    } catch {
      port1.close();
      return null;
    }
    entry.worker?.unref(); // never keeps the backend alive on its own
    port1.on('message', onMessage);
    port1.unref();
    return new ThreadLaneLoop(entry, port1, control, onMessage);
  }

  /** Resolves when the thread has ended. */
  get exited(): Promise<unknown> {
    return this.entry.exited;
  }

  /** The run's pids now: picked up at its next tick (dropped once it has stopped). */
  setPids(pids: readonly number[]): void {
    this.port.postMessage({ type: 'pids', pids: [...pids] } satisfies LoopPids);
  }

  /**
   * Stops it after its last look and hands over its remaining messages at once: it is woken on
   * the futex and this thread waits (at most `waitMs`) until it has closed its files. True when
   * it took that last look; false when it had to be ended without one.
   */
  stop(waitMs: number): boolean {
    const { control } = this;
    Atomics.store(control, LOOP_COMMAND, STOP);
    Atomics.notify(control, LOOP_COMMAND);
    if (Atomics.compareExchange(control, LOOP_STATE, STARTING, ABANDONED) !== STARTING) {
      waitWhile(control, LOOP_STATE, LOOPING, waitMs);
    }
    for (let m = receiveMessageOnPort(this.port); m !== undefined;) {
      this.onMessage(m.message as FromLaneLoop);
      m = receiveMessageOnPort(this.port);
    }
    this.port.close();
    const done = Atomics.load(control, LOOP_STATE) === DONE;
    if (!done) this.entry.kill(); // stuck: end it anyway
    return done;
  }

  /** Lets go of a thread that ended by itself. */
  close(): void {
    this.port.close();
  }
}

/**
 * Blocks until control[slot] is no longer `value` or `ms` pass: Atomics.wait where the thread
 * may block (Node's main thread), else a bounded spin (a context that forbids it).
 */
function waitWhile(control: Int32Array, slot: number, value: number, ms: number): void {
  try {
    Atomics.wait(control, slot, value, ms);
  } catch {
    const until = monotonicMs() + ms;
    while (Atomics.load(control, slot) === value && monotonicMs() < until) {
      // spin: only at stop, and only until the thread's last tick is posted
    }
  }
}
