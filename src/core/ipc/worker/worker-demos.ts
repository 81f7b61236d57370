import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import type { RaceMode } from '../../../shared/ipc-requests';
import { Mutex } from '../wire/atomics';
import { PcQueue, type PcShared } from '../wire/pc-queue';
import { RACE_CELLS } from '../wire/race-layout';
import type { WorkerIo } from './worker-io';
import type { PcWorkerPlan } from '../protocol/ipc-worker-protocol';
import type { PcPortMessage, PcPortReply } from '../protocol/pc-port-protocol';

/** The thread ends of the race demo and the producer–consumer demo. */

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps this thread for `us` microseconds (a futex wait that nobody wakes). */
function sleepUs(us: number): void {
  if (us > 0) Atomics.wait(sleepCell, 0, 0, us / 1000);
}

/** Busy work between reading and writing the counter: the critical section's "body". */
function work(seed: number, steps: number): number {
  let x = seed;
  for (let k = 0; k < steps; k += 1) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x;
}

/**
 * Adds 1 to the shared counter `iterations` times, after every racer is ready (a barrier), so
 * the threads really overlap. 'plain' is a read, some work, then a write: a data race.
 */
export function racer(
  io: WorkerIo,
  buffer: SharedArrayBuffer,
  mode: RaceMode,
  iterations: number,
  window: number,
): void {
  const cells = new Int32Array(buffer);
  const mutex = new Mutex(cells, RACE_CELLS.mutex);
  Atomics.add(cells, RACE_CELLS.ready, 1);
  Atomics.notify(cells, RACE_CELLS.ready);
  Atomics.wait(cells, RACE_CELLS.start, 0);
  const startedAt = performance.now();
  let sink = 0;
  const counter = RACE_CELLS.counter;
  if (mode === 'plain') {
    for (let i = 0; i < iterations; i += 1) {
      const value = cells[counter]!;
      sink ^= work(value, window);
      cells[counter] = value + 1;
    }
  } else if (mode === 'atomic') {
    for (let i = 0; i < iterations; i += 1) {
      sink ^= work(i, window);
      Atomics.add(cells, counter, 1);
    }
  } else {
    for (let i = 0; i < iterations; i += 1) {
      mutex.lock();
      const value = cells[counter]!;
      sink ^= work(value, window);
      cells[counter] = value + 1;
      mutex.unlock();
    }
  }
  // `sink` keeps the work from being optimised away.
  io.post({ type: 'done', sent: iterations, elapsedMs: performance.now() - startedAt, sink });
  io.close();
}

/** Makes items (sleeping `workUs` each) and puts them in the shared queue. */
export async function pcShmProducer(
  io: WorkerIo,
  shared: PcShared,
  index: number,
  plan: PcWorkerPlan,
): Promise<void> {
  const queue = new PcQueue(shared);
  io.post({ type: 'ready' });
  await io.go;
  let seq = 0;
  while ((plan.count === undefined || seq < plan.count) && !queue.stopRequested) {
    sleepUs(plan.workUs);
    queue.put(index, index, seq);
    seq += 1;
  }
  queue.producerFinished();
  io.post({ type: 'done', sent: seq });
  io.close();
}

/** Takes items from the shared queue (sleeping `workUs` on each) until it gets a pill. */
export function pcShmConsumer(
  io: WorkerIo,
  shared: PcShared,
  index: number,
  plan: PcWorkerPlan,
): void {
  const queue = new PcQueue(shared);
  io.post({ type: 'ready' });
  let taken = 0;
  while (queue.take(index) !== null) {
    taken += 1;
    sleepUs(plan.workUs);
  }
  io.post({ type: 'done', sent: taken });
  io.close();
}

async function reply(port: MessagePort): Promise<PcPortReply> {
  const [message] = (await once(port, 'message')) as [PcPortReply];
  return message;
}

/** Makes items and hands each to the broker, waiting until the broker has room for it. */
export async function pcPortProducer(
  io: WorkerIo,
  port: MessagePort,
  index: number,
  plan: PcWorkerPlan,
): Promise<void> {
  io.post({ type: 'ready' });
  await io.go;
  let seq = 0;
  let blockedMs = 0;
  while (plan.count === undefined || seq < plan.count) {
    sleepUs(plan.workUs);
    const waitStart = performance.now();
    const put: PcPortMessage = { type: 'put', producer: index, seq, blockedMs };
    port.postMessage(put);
    const answer = await reply(port);
    blockedMs += performance.now() - waitStart;
    seq += 1;
    if (answer.type === 'stop') break;
  }
  const finished: PcPortMessage = { type: 'finished', producer: index, sent: seq, blockedMs };
  port.postMessage(finished);
  io.post({ type: 'done', sent: seq });
  // The port stays open until the runner ends the thread, so nothing posted on it is cut off.
}

/** Asks the broker for items (reporting the previous one back) until the broker says end. */
export async function pcPortConsumer(
  io: WorkerIo,
  port: MessagePort,
  index: number,
  plan: PcWorkerPlan,
): Promise<void> {
  io.post({ type: 'ready' });
  await io.go;
  let idleMs = 0;
  let previous: { producer: number; seq: number } | null = null;
  let taken = 0;
  for (;;) {
    const waitStart = performance.now();
    const take: PcPortMessage = { type: 'take', consumer: index, previous, idleMs };
    port.postMessage(take);
    const answer = await reply(port);
    idleMs += performance.now() - waitStart;
    if (answer.type !== 'item') break;
    previous = { producer: answer.producer, seq: answer.seq };
    taken += 1;
    sleepUs(plan.workUs);
  }
  io.post({ type: 'done', sent: taken });
  // The port stays open until the runner ends the thread, so nothing posted on it is cut off.
}
