import { performance } from 'node:perf_hooks';
import type { MessagePort } from 'node:worker_threads';
import { FrameDecoder, FrameWriter, payloadTemplate } from '../wire/frame';
import { LatencyHistogram } from '../wire/latency-histogram';
import { runPlan, type ProducePlan } from '../wire/produce-plan';
import { QueuePayloads } from '../wire/queue-payload';
import { RingReader, RingWriter, type RingShared } from '../wire/shm-ring';
import { SequenceLedger } from '../wire/traffic-meter';
import { DeltaPoster, type WorkerIo } from './worker-io';
import type { PortControl } from '../protocol/ipc-worker-protocol';

/** The thread ends of the MessagePort and shared-memory mechanisms. */

/** Posts messages on a MessagePort, keeping at most `window` unacknowledged (credit flow control). */
export async function portProducer(
  io: WorkerIo,
  port: MessagePort,
  plan: ProducePlan,
  raw: boolean,
  window: number,
): Promise<void> {
  const payloads = new QueuePayloads(plan.size, false);
  let credited = 0;
  let issued = 0;
  let creditArrived: (() => void) | null = null;
  port.on('message', (message: PortControl) => {
    if (message.type !== 'credit') return;
    credited += message.n;
    creditArrived?.();
  });
  io.post({ type: 'ready' });
  await io.go;
  const sent = await runPlan(
    plan,
    (seq) => {
      port.postMessage(raw ? payloads.bare() : payloads.message(plan.producer, seq));
      issued += 1;
      if (issued - credited < window) return undefined;
      return new Promise<void>((resolve) => {
        creditArrived = () => {
          if (issued - credited >= window) return;
          creditArrived = null;
          resolve();
        };
      });
    },
    io.stopped,
  );
  const end: PortControl = { type: 'end', p: plan.producer, sent };
  port.postMessage(end);
  io.post({ type: 'done', sent });
  // The port stays open (and the thread alive) until the runner ends the thread: closing it here
  // could let the thread's exit overtake the 'end' message still on its way.
}

/** Echoes every message back on the port it came from. */
export function portEcho(io: WorkerIo, port: MessagePort): void {
  port.on('message', (message: unknown) => port.postMessage(message));
  io.post({ type: 'ready' });
}

/** Writes frames (or bare payloads) into a shared-memory ring. */
export async function shmProducer(
  io: WorkerIo,
  ring: RingShared,
  plan: ProducePlan,
  raw: boolean,
): Promise<void> {
  const writer = new RingWriter(ring);
  const frames = new FrameWriter(plan.size, plan.producer);
  const template = payloadTemplate(plan.size);
  io.post({ type: 'ready' });
  await io.go;
  const sent = await runPlan(
    plan,
    (seq) => {
      if (raw) {
        writer.write(template);
        return;
      }
      const frame = frames.data(seq);
      writer.write(frame);
      frames.release(frame);
    },
    io.stopped,
  );
  if (!raw) writer.write(frames.end(sent));
  writer.finish();
  io.post({ type: 'done', sent });
  io.close();
}

/** Reads a ring until every producer has finished, verifying frames; posts meter deltas. */
export function shmConsumer(
  io: WorkerIo,
  ring: RingShared,
  producers: number,
  raw: boolean,
  size: number,
): void {
  const reader = new RingReader(ring);
  const ledger = new SequenceLedger();
  const decoder = new FrameDecoder(ledger, size);
  const poster = new DeltaPoster(io, ledger, null, raw ? size : 0);
  io.post({ type: 'ready' });
  let finished = 0;
  while (finished < producers) {
    const chunk = reader.read(50);
    if (chunk === null) finished += 1;
    else if (chunk !== undefined) {
      if (raw) ledger.counts.bytes += chunk.length;
      else decoder.push(chunk);
    }
    poster.maybePost();
  }
  poster.maybePost(true);
  io.post({ type: 'done', sent: 0 });
  io.close();
}

/** Sends one message at a time through a request ring and times its echo on the response ring. */
export async function shmClient(
  io: WorkerIo,
  request: RingShared,
  response: RingShared,
  plan: ProducePlan,
  raw: boolean,
): Promise<void> {
  const writer = new RingWriter(request);
  const reader = new RingReader(response);
  const ledger = new SequenceLedger();
  const latency = new LatencyHistogram();
  const frames = new FrameWriter(plan.size, plan.producer);
  const template = payloadTemplate(plan.size);
  let arrived = false;
  const decoder = new FrameDecoder(
    {
      data: (producer, seq, bytes, intact) => {
        ledger.data(producer, seq, bytes, intact);
        arrived = true;
      },
      end: () => undefined,
    },
    plan.size,
  );
  const poster = new DeltaPoster(io, ledger, latency);
  io.post({ type: 'ready' });
  await io.go;
  const sent = await runPlan(
    plan,
    (seq) => {
      const startedAt = performance.now();
      if (raw) writer.write(template);
      else {
        const frame = frames.data(seq);
        writer.write(frame);
        frames.release(frame);
      }
      let bytes = 0;
      // The reply counts as back when its last slot is read, before it is verified.
      let arrivedAt = startedAt;
      arrived = false;
      while (raw ? bytes < plan.size : !arrived) {
        const chunk = reader.read();
        if (!chunk) throw new Error('echo thread finished early');
        arrivedAt = performance.now();
        if (raw) bytes += chunk.length;
        else decoder.push(chunk);
      }
      if (raw) {
        ledger.counts.bytes += bytes;
        ledger.counts.messages += 1;
        ledger.counts.received += 1;
      }
      latency.record((arrivedAt - startedAt) * 1000);
      poster.maybePost();
    },
    io.stopped,
  );
  writer.finish();
  poster.maybePost(true);
  io.post({ type: 'done', sent });
  io.close();
}

/** Copies every slot of the request ring to the response ring, until the client finishes. */
export function shmEcho(io: WorkerIo, request: RingShared, response: RingShared): void {
  const reader = new RingReader(request);
  const writer = new RingWriter(response);
  io.post({ type: 'ready' });
  for (;;) {
    const chunk = reader.read();
    if (chunk === null) break;
    if (chunk) writer.write(chunk);
  }
  writer.finish();
  io.post({ type: 'done', sent: 0 });
  io.close();
}
