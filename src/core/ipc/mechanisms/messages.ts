import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { deferred, unlessStopped, type MechanismRun, type RunContext } from './context';
import { isControlMessage, isQueueMessage, type QueueMessage } from '../protocol/peer-protocol';
import { endAll, startPeer, startWorker, type LabWorker, type Peer } from '../jobs/ends';
import { planFor, runPlan } from '../wire/produce-plan';
import { payloadBytes, queueMessageIntact, QueuePayloads } from '../wire/queue-payload';
import { portWindow, type PortControl, type WorkerMessage } from '../protocol/ipc-worker-protocol';

/**
 * The message mechanisms: Node's IPC channel (process.send, the message-queue analogue; 'json'
 * or 'advanced' serialization) between processes, and a MessagePort between threads. Messages
 * keep their boundaries, so there is no framing: a framed message is {p, s, c, d}, the baseline
 * sends the bare payload.
 */

/** Counts one arrived message: verified when framed, bytes only for the baseline. */
function receive(context: RunContext, message: unknown): QueueMessage | null {
  const { meter, raw } = context;
  if (raw) {
    const bytes =
      typeof message === 'string'
        ? message.length
        : message instanceof Uint8Array
          ? message.byteLength
          : 0;
    const counts = meter.ledger.counts;
    counts.bytes += bytes;
    counts.messages += 1;
    counts.received += 1;
    return null;
  }
  if (!isQueueMessage(message)) return null;
  meter.ledger.data(message.p, message.s, payloadBytes(message), queueMessageIntact(message));
  return message;
}

/** Node IPC: producers are forked peers sending with process.send; the runner receives. */
export function nodeIpcMechanism(serialization: 'json' | 'advanced'): {
  throughput: MechanismRun;
  roundTrip: MechanismRun;
} {
  const json = serialization === 'json';
  const throughput: MechanismRun = async (context) => {
    const { request, raw, meter } = context;
    const peers: Peer[] = [];
    try {
      for (let i = 0; i < request.producers; i += 1) {
        const plan = planFor(i, request.producers, request);
        const peer = startPeer(
          { role: 'ipc-producer', plan, raw, json },
          { serialization, cpu: context.cores.sender },
        );
        peer.child.on('message', (message: unknown) => {
          if (!isControlMessage(message)) receive(context, message);
        });
        peers.push(peer);
      }
      context.addPids(peers.map((p) => p.pid));
      await unlessStopped(context.signal, Promise.all(peers.map((p) => p.ready)));
      meter.markStart();
      for (const peer of peers) peer.go();
      // 'done' travels on the same channel after the data, so every message has arrived by then.
      const reports = await unlessStopped(context.signal, Promise.all(peers.map((p) => p.done)));
      meter.markFinish();
      reports.forEach((report, i) => {
        meter.sent += report.sent;
        if (!raw) meter.ledger.end(i, report.sent);
      });
    } finally {
      await endAll(peers);
    }
  };

  const roundTrip: MechanismRun = async (context) => {
    const { request, meter, signal } = context;
    const peers: Peer[] = [];
    try {
      for (let i = 0; i < request.producers; i += 1) {
        peers.push(startPeer({ role: 'ipc-echo' }, { serialization, cpu: context.cores.sender }));
      }
      context.addPids(peers.map((p) => p.pid));
      await unlessStopped(context.signal, Promise.all(peers.map((p) => p.ready)));
      meter.markStart();
      const clients = peers.map((peer, i) => {
        const gone = peer.exited.then(() => Promise.reject(new Error('echo peer exited')));
        gone.catch(() => undefined);
        return runEchoClient(context, i, new QueuePayloads(request.sizeBytes, json), {
          send: (message) => peer.child.send(message),
          onReply: (listener) =>
            peer.child.on('message', (message: unknown) => {
              if (!isControlMessage(message)) listener(message);
            }),
          gone,
        });
      });
      const sent = await unlessStopped(signal, Promise.all(clients));
      meter.markFinish();
      meter.sent = sent.reduce((a, b) => a + b, 0);
    } finally {
      await endAll(peers);
    }
  };
  return { throughput, roundTrip };
}

/** A message channel to one echo peer, as a round-trip client uses it. */
interface EchoChannel {
  send(message: string | Uint8Array | QueueMessage): void;
  onReply(listener: (message: unknown) => void): void;
  /** Rejects if the peer dies, so a lost reply fails the run instead of hanging it. */
  gone?: Promise<never>;
}

/**
 * One round-trip client: sends each planned message and waits for its echo. The reply counts
 * as back when it is delivered, before it is verified. Resolves to the number of messages sent.
 */
function runEchoClient(
  context: RunContext,
  client: number,
  payloads: QueuePayloads,
  channel: EchoChannel,
): Promise<number> {
  const { request, raw, meter, signal } = context;
  let arrivedAt = 0;
  let arrived: (() => void) | null = null;
  channel.onReply((message) => {
    arrivedAt = performance.now();
    receive(context, message);
    arrived?.();
  });
  return runPlan(
    planFor(client, request.producers, request),
    (seq) => {
      const startedAt = performance.now();
      const back = new Promise<void>((resolve) => (arrived = resolve));
      channel.send(raw ? payloads.bare() : payloads.message(client, seq));
      const replied = channel.gone ? Promise.race([back, channel.gone]) : back;
      return replied.then(() => meter.recordLatency((arrivedAt - startedAt) * 1000));
    },
    () => signal.aborted,
  );
}

/** Waits for a worker's 'ready'; rejects if it fails or exits first. */
export function workerReady(lab: LabWorker): Promise<void> {
  const ready = deferred();
  lab.worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'ready') ready.resolve();
    if (message.type === 'failed') ready.reject(new Error(`worker: ${message.error}`));
  });
  lab.worker.on('error', (error) => ready.reject(error));
  void lab.exited.then(() => ready.reject(new Error('worker exited before it was ready')));
  return ready.promise;
}

/** MessagePort: producer threads post on their port; the runner's thread receives and credits. */
export const messagePortMechanism: { throughput: MechanismRun; roundTrip: MechanismRun } = {
  throughput: async (context) => {
    const { request, raw, meter } = context;
    const workers: LabWorker[] = [];
    const ports: MessagePort[] = [];
    const window = portWindow(request.sizeBytes);
    try {
      const laneEnds = [];
      for (let i = 0; i < request.producers; i += 1) {
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        const plan = planFor(i, request.producers, request);
        const lab = startWorker(
          { role: 'port-producer', port: port2, plan, raw, window },
          { transferList: [port2], name: `ipc-producer-${i}`, cpu: context.cores.sender },
        );
        workers.push(lab);
        const end = deferred<number>();
        let uncredited = 0;
        port1.on('message', (message: unknown) => {
          const control = message as Partial<PortControl>;
          if (control.type === 'end') {
            const sent = (message as { sent: number }).sent;
            if (!raw) meter.ledger.end(i, sent);
            end.resolve(sent);
            return;
          }
          receive(context, message);
          uncredited += 1;
          if (uncredited * 2 >= window) {
            const credit: PortControl = { type: 'credit', n: uncredited };
            port1.postMessage(credit);
            uncredited = 0;
          }
        });
        void lab.exited.then(() => end.reject(new Error('producer thread exited early')));
        laneEnds.push(end.promise);
      }
      context.addThreads(workers.length);
      await unlessStopped(context.signal, Promise.all(workers.map(workerReady)));
      meter.markStart();
      for (const lab of workers) lab.worker.postMessage({ type: 'go' });
      const sent = await unlessStopped(context.signal, Promise.all(laneEnds));
      meter.markFinish();
      meter.sent = sent.reduce((a, b) => a + b, 0);
    } finally {
      for (const port of ports) port.close();
      await endAll([], workers);
    }
  },
  roundTrip: async (context) => {
    const { request, meter, signal } = context;
    const workers: LabWorker[] = [];
    const ports: MessagePort[] = [];
    try {
      for (let i = 0; i < request.producers; i += 1) {
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        workers.push(
          startWorker(
            { role: 'port-echo', port: port2 },
            { transferList: [port2], name: `ipc-echo-${i}`, cpu: context.cores.sender },
          ),
        );
      }
      context.addThreads(workers.length);
      await unlessStopped(signal, Promise.all(workers.map(workerReady)));
      meter.markStart();
      const clients = ports.map((port, i) =>
        runEchoClient(context, i, new QueuePayloads(request.sizeBytes, false), {
          send: (message) => port.postMessage(message),
          onReply: (listener) => port.on('message', listener),
        }),
      );
      const sent = await unlessStopped(signal, Promise.all(clients));
      meter.markFinish();
      meter.sent = sent.reduce((a, b) => a + b, 0);
    } finally {
      for (const port of ports) port.close();
      await endAll([], workers);
    }
  },
};
