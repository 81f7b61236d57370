import { errorFields, saidOf, type LabMessage } from '../../../shared/lab-messages';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { isPythonPcTransport, pcRequestSchema, type PcRequest } from '../../../shared/ipc-requests';
import type { IpcRunStatus, PcQueueSample, PcResult } from '../../../shared/ipc-results';
import { parseOrThrow } from '../../../shared/validation';
import { deferred, RunStopped, unlessStopped } from '../mechanisms/context';
import { workerReady } from '../mechanisms/messages';
import { PcBroker } from './pc-broker';
import { createPcQueue, PcQueue, type PcFigures } from '../wire/pc-queue';
import { endAll, startWorker, type LabWorker } from './ends';
import type { PcWorkerPlan, WorkerMessage } from '../protocol/ipc-worker-protocol';
import { runPythonProducerConsumer } from './python-pc';

/** Options of one producer–consumer run. */
export interface PcRunOptions {
  runId?: string;
  signal?: AbortSignal;
  /** Receives an `ipc:queue` sample every `sampleEveryMs` and once at the end. */
  onSample?: (sample: PcQueueSample) => void;
  sampleEveryMs?: number;
  /** Receives the processes taking part as they start (Python queues). */
  onPids?: (pids: number[]) => void;
}

function doneOf(lab: LabWorker): Promise<number> {
  const done = deferred<number>();
  lab.worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'done') done.resolve(message.sent);
    if (message.type === 'failed') done.reject(new Error(`worker: ${message.error}`));
  });
  void lab.exited.then(() => done.reject(new Error('a producer–consumer thread exited early')));
  return done.promise;
}

/** Items producer `index` makes in a count run. */
function countFor(index: number, request: PcRequest): number | undefined {
  if (request.count === undefined) return undefined;
  const { count, producers } = request;
  return Math.floor(count / producers) + (index < count % producers ? 1 : 0);
}

/**
 * N producer threads and M consumer threads around a bounded queue of K items — in shared memory
 * with Atomics semaphores, or held by a broker on this thread and reached over MessagePorts.
 * Samples queue depth, producer blocked time and consumer idle time while it runs.
 */
export async function runProducerConsumer(
  rawRequest: PcRequest,
  options: PcRunOptions = {},
): Promise<PcResult> {
  const request = parseOrThrow(pcRequestSchema, rawRequest, 'invalid producer–consumer run');
  const runId = options.runId ?? randomUUID();
  const signal = options.signal ?? new AbortController().signal;
  if (isPythonPcTransport(request.transport)) {
    const { transport } = request;
    const python = { ...request, transport };
    return runPythonProducerConsumer(python, runId, { ...options, signal });
  }
  const workers: LabWorker[] = [];
  const ports: MessagePort[] = [];
  const none: PcFigures = {
    depth: 0,
    maxDepth: 0,
    produced: 0,
    consumed: 0,
    duplicated: 0,
    producerBlockedMs: 0,
    consumerIdleMs: 0,
  };
  let figures: () => PcFigures = () => none;
  let requestStop: () => void = () => undefined;
  let status: IpcRunStatus = 'completed';
  let error: LabMessage | string | undefined;
  const startedAt = performance.now();
  let goAt = startedAt;
  let finishedAt: number | null = null;
  let lastSample = { at: startedAt, consumed: 0 };

  const sample = (): PcQueueSample => {
    const now = performance.now();
    const f = figures();
    const seconds = (now - lastSample.at) / 1000;
    const itemsPerSec = seconds > 0 ? (f.consumed - lastSample.consumed) / seconds : 0;
    lastSample = { at: now, consumed: f.consumed };
    return {
      runId,
      time: Date.now(),
      elapsedMs: (finishedAt ?? now) - goAt,
      depth: f.depth,
      capacity: request.capacity,
      maxDepth: f.maxDepth,
      produced: f.produced,
      consumed: f.consumed,
      producerBlockedMs: f.producerBlockedMs,
      consumerIdleMs: f.consumerIdleMs,
      itemsPerSec,
    };
  };

  let ticker: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  try {
    const producers: LabWorker[] = [];
    const consumers: LabWorker[] = [];
    const producerPlan = (i: number): PcWorkerPlan => {
      const plan: PcWorkerPlan = { workUs: request.produceUs };
      const count = countFor(i, request);
      if (count !== undefined) plan.count = count;
      return plan;
    };
    const consumerPlan: PcWorkerPlan = { workUs: request.consumeUs };
    if (request.transport === 'shared-memory') {
      const perProducer =
        request.count === undefined ? undefined : Math.ceil(request.count / request.producers);
      const shared = createPcQueue(
        request.capacity,
        request.producers,
        request.consumers,
        perProducer,
      );
      const queue = new PcQueue(shared);
      figures = () => queue.figures();
      requestStop = () => queue.requestStop();
      for (let i = 0; i < request.consumers; i += 1) {
        consumers.push(
          startWorker(
            { role: 'pc-shm-consumer', queue: shared, index: i, plan: consumerPlan },
            { name: `pc-consumer-${i}` },
          ),
        );
      }
      for (let i = 0; i < request.producers; i += 1) {
        producers.push(
          startWorker(
            { role: 'pc-shm-producer', queue: shared, index: i, plan: producerPlan(i) },
            { name: `pc-producer-${i}` },
          ),
        );
      }
    } else {
      const activeBroker = new PcBroker(request.capacity, request.producers, request.consumers);
      figures = () => activeBroker.figures();
      requestStop = () => activeBroker.requestStop();
      const connect = (
        role: 'pc-port-producer' | 'pc-port-consumer',
        index: number,
        plan: PcWorkerPlan,
      ) => {
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        activeBroker.attach(port1, role === 'pc-port-producer' ? 'producer' : 'consumer', index);
        return startWorker(
          { role, port: port2, index, plan },
          { transferList: [port2], name: `${role}-${index}` },
        );
      };
      for (let i = 0; i < request.consumers; i += 1)
        consumers.push(connect('pc-port-consumer', i, consumerPlan));
      for (let i = 0; i < request.producers; i += 1)
        producers.push(connect('pc-port-producer', i, producerPlan(i)));
    }
    workers.push(...consumers, ...producers);
    const allDone = Promise.all(workers.map(doneOf));
    allDone.catch(() => undefined); // a stopped run never awaits it
    await unlessStopped(signal, Promise.all(workers.map(workerReady)));
    goAt = performance.now();
    lastSample = { at: goAt, consumed: 0 };
    ticker = setInterval(() => options.onSample?.(sample()), options.sampleEveryMs ?? 100);
    if (request.durationMs !== undefined)
      deadline = setTimeout(() => requestStop(), request.durationMs);
    for (const lab of workers) lab.worker.postMessage({ type: 'go' });
    await unlessStopped(signal, allDone);
    finishedAt = performance.now();
  } catch (caught) {
    finishedAt ??= performance.now();
    if (caught instanceof RunStopped) status = 'stopped';
    else {
      status = 'failed';
      error = saidOf(caught) ?? (caught instanceof Error ? caught.message : String(caught));
    }
  } finally {
    clearInterval(ticker);
    clearTimeout(deadline);
    for (const port of ports) port.close();
    await endAll([], workers);
  }
  const last = sample();
  options.onSample?.(last);
  const f = figures();
  const elapsedMs = (finishedAt ?? performance.now()) - goAt;
  const producerTime = elapsedMs * request.producers;
  const consumerTime = elapsedMs * request.consumers;
  const result: PcResult = {
    runId,
    request,
    status,
    elapsedMs,
    produced: f.produced,
    consumed: f.consumed,
    maxDepth: f.maxDepth,
    capacity: request.capacity,
    lost: status === 'completed' ? Math.max(0, f.produced - (f.consumed - f.duplicated)) : 0,
    duplicated: f.duplicated,
    producerBlockedMs: f.producerBlockedMs,
    consumerIdleMs: f.consumerIdleMs,
    producerBlockedShare: producerTime > 0 ? Math.min(1, f.producerBlockedMs / producerTime) : 0,
    consumerIdleShare: consumerTime > 0 ? Math.min(1, f.consumerIdleMs / consumerTime) : 0,
    itemsPerSec: elapsedMs > 0 ? f.consumed / (elapsedMs / 1000) : 0,
    pids: [process.pid],
    threads: workers.length,
  };
  if (error !== undefined) Object.assign(result, errorFields(error));
  return result;
}
