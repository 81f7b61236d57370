import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { TickPacker, type PackedTicks } from './lane-tick-codec';
import { RunThreadsReader } from './run-threads-reader';

/**
 * The run-lane sampler's loop, on a thread of its own (entries/run-lanes-worker.ts). Waking the
 * backend's main thread 22 times a second cost more than the reads themselves (a libuv timer,
 * an event-loop turn and its microtasks per tick), so this thread sleeps in Atomics.wait (a
 * futex with a timeout) between ticks, reads synchronously, and posts the ticks in batches a
 * few times a second. Messages to it are picked up with receiveMessageOnPort at each tick: it
 * never returns to its own event loop until it stops.
 */

/** Slots of the shared control array. */
export const LOOP_STATE = 0;
export const LOOP_COMMAND = 1;
/** LOOP_STATE values: not started yet, sampling, stopped with every file closed, not wanted. */
export const STARTING = 0;
export const LOOPING = 1;
export const DONE = 2;
export const ABANDONED = 3;
/** LOOP_COMMAND values. */
export const RUN = 0;
export const STOP = 1;

/** What the loop's thread is started with. */
export interface LaneLoopData {
  port: MessagePort;
  /** Int32Array[2] over it: LOOP_STATE, LOOP_COMMAND. */
  control: SharedArrayBuffer;
  pids: number[];
  /** The sampler's slice 0 on CLOCK_MONOTONIC (process.hrtime), ms: shared by every thread. */
  t0: number;
  intervalMs: number;
  /** How often ticks are posted. */
  postMs: number;
  procRoot: string;
}

/** To the loop: the run's pids now. */
export interface LoopPids {
  type: 'pids';
  pids: number[];
}

/** From the loop: ticks read since the last batch, or its files closed at the end. */
export type FromLaneLoop =
  { type: 'ticks'; batch: PackedTicks } | { type: 'closed'; openFiles: number };

/** CLOCK_MONOTONIC ms: the same clock on every thread of the process. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Samples on the grid t0 + k × interval until told to stop; its last tick comes after STOP. */
export function runLaneLoop(data: LaneLoopData): void {
  const control = new Int32Array(data.control);
  const { port } = data;
  if (Atomics.compareExchange(control, LOOP_STATE, STARTING, LOOPING) !== STARTING) {
    port.close(); // stopped before this thread got going: the main thread sampled instead
    return;
  }
  const reader = new RunThreadsReader(data.procRoot);
  reader.setPids(data.pids);
  const packer = new TickPacker();
  let lastPost = -Infinity;
  try {
    for (;;) {
      const stopping = Atomics.load(control, LOOP_COMMAND) === STOP;
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const message = m.message as LoopPids;
        if (message.type === 'pids') reader.setPids(message.pids);
      }
      const t = monotonicMs() - data.t0;
      packer.add(reader.read(t));
      // The first tick goes at once: the main thread stops sampling when it arrives.
      if (stopping || t - lastPost >= data.postMs) {
        const batch = packer.take();
        port.postMessage({ type: 'ticks', batch } satisfies FromLaneLoop, [batch.numbers.buffer]);
        lastPost = t;
      }
      if (stopping) break;
      // Wakes early only for STOP (a futex wait on the command slot while it is RUN).
      Atomics.wait(control, LOOP_COMMAND, RUN, data.intervalMs - (t % data.intervalMs));
    }
  } finally {
    reader.close();
    port.postMessage({ type: 'closed', openFiles: reader.openFiles } satisfies FromLaneLoop);
    Atomics.store(control, LOOP_STATE, DONE);
    Atomics.notify(control, LOOP_STATE);
    port.close();
  }
}
