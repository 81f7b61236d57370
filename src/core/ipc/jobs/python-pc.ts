import { errorFields, said, type LabMessage } from '../../../shared/lab-messages';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { IpcRunStatus, PcQueueSample, PcResult } from '../../../shared/ipc-results';
import type { PcRequest, PythonPcTransport } from '../../../shared/ipc-requests';
import { RunStopped } from '../mechanisms/context';
import { runPythonLines } from './python-lines';

/** Which queue pc_demo.py builds for each Python transport. */
const SCRIPT_QUEUE: Record<PythonPcTransport, 'threads' | 'processes' | 'joinable'> = {
  'python-queue-threads': 'threads',
  'python-mp-queue': 'processes',
  'python-joinable-queue': 'joinable',
};

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
const pid = z.number().int().positive();
const figures = {
  depth: count,
  maxDepth: count,
  produced: count,
  consumed: count,
  producerBlockedMs: ms,
  consumerIdleMs: ms,
};

/** A line pc_demo.py writes. */
const pcLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), pid, version: z.string().max(40) }),
  z.object({ type: z.literal('pids'), pids: z.array(pid).max(64) }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('sample'), ...figures }),
  z.object({
    type: z.literal('done'),
    ...figures,
    elapsedMs: ms,
    producedCheck: count,
    consumedCheck: count,
    threads: count,
  }),
  z.object({ type: z.literal('error'), message: z.string().max(2000) }),
]);

/** The queue figures every sample and the final report carry. */
interface Figures {
  depth: number;
  maxDepth: number;
  produced: number;
  consumed: number;
  producerBlockedMs: number;
  consumerIdleMs: number;
}

/** The final report: figures, the run's length and both sides' checksums. */
interface Finished extends Figures {
  elapsedMs: number;
  producedCheck: number;
  consumedCheck: number;
}

/**
 * A producer–consumer run in Python: pc_demo.py runs the producers and consumers (threads or
 * processes) around a bounded queue.Queue / multiprocessing.Queue / JoinableQueue and reports
 * its figures every ~100 ms; each report becomes an `ipc:queue` sample, like a Node run's.
 * Exactly-once delivery is checked by counts and a checksum of every item on both sides.
 */
export async function runPythonProducerConsumer(
  request: PcRequest & { transport: PythonPcTransport },
  runId: string,
  options: {
    signal: AbortSignal;
    onSample?: (sample: PcQueueSample) => void;
    onPids?: (pids: number[]) => void;
  },
): Promise<PcResult> {
  const pids: number[] = [process.pid];
  let last: Figures = {
    depth: 0,
    maxDepth: 0,
    produced: 0,
    consumed: 0,
    producerBlockedMs: 0,
    consumerIdleMs: 0,
  };
  let done: Finished | null = null;
  let threads = 0;
  let version: string | undefined;
  let scriptError: string | null = null;
  let status: IpcRunStatus = 'completed';
  let error: LabMessage | string | undefined;
  const startedAt = performance.now();
  let goAt = startedAt;
  let previous = { at: startedAt, consumed: 0 };
  const sample = (f: Figures): PcQueueSample => {
    const now = performance.now();
    const seconds = (now - previous.at) / 1000;
    const itemsPerSec = seconds > 0 ? (f.consumed - previous.consumed) / seconds : 0;
    previous = { at: now, consumed: f.consumed };
    return {
      runId,
      time: Date.now(),
      elapsedMs: now - goAt,
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
  const addPids = (more: number[]): void => {
    pids.push(...more);
    options.onPids?.([...pids]);
  };
  try {
    await runPythonLines(
      'pc_demo.py',
      {
        queue: SCRIPT_QUEUE[request.transport],
        producers: request.producers,
        consumers: request.consumers,
        capacity: request.capacity,
        count: request.count ?? null,
        durationMs: request.durationMs ?? null,
        produceUs: request.produceUs,
        consumeUs: request.consumeUs,
      },
      pcLineSchema,
      (line) => {
        if (line.type === 'hello') version = line.version;
        if (line.type === 'pids') addPids(line.pids);
        if (line.type === 'error') scriptError = line.message;
        if (line.type === 'start') {
          goAt = performance.now();
          previous = { at: goAt, consumed: 0 };
        }
        if (line.type === 'sample') {
          last = line;
          options.onSample?.(sample(line));
        }
        if (line.type === 'done') {
          last = line;
          done = line;
          threads = line.threads;
        }
      },
      { signal: options.signal, onPid: (pid) => addPids([pid]) },
    );
    if (scriptError !== null) throw new Error(`Python: ${scriptError}`);
    if (done === null) throw new Error('pc_demo.py ended without a result');
  } catch (caught) {
    if (caught instanceof RunStopped) status = 'stopped';
    else {
      status = 'failed';
      error = scriptError ?? (caught instanceof Error ? caught.message : String(caught));
    }
  }
  // Set in the line callback, which control-flow analysis cannot see: widen it back.
  const finished = done as Finished | null;
  options.onSample?.(sample(last));
  const elapsedMs = finished?.elapsedMs ?? performance.now() - goAt;
  const producerTime = elapsedMs * request.producers;
  const consumerTime = elapsedMs * request.consumers;
  const lost = status === 'completed' ? Math.max(0, last.produced - last.consumed) : 0;
  const duplicated = Math.max(0, last.consumed - last.produced);
  if (status === 'completed' && finished && finished.producedCheck !== finished.consumedCheck) {
    status = 'failed';
    error = said('checksumDiffers');
  }
  const result: PcResult = {
    runId,
    request,
    status,
    elapsedMs,
    produced: last.produced,
    consumed: last.consumed,
    maxDepth: last.maxDepth,
    capacity: request.capacity,
    lost,
    duplicated,
    producerBlockedMs: last.producerBlockedMs,
    consumerIdleMs: last.consumerIdleMs,
    producerBlockedShare: producerTime > 0 ? Math.min(1, last.producerBlockedMs / producerTime) : 0,
    consumerIdleShare: consumerTime > 0 ? Math.min(1, last.consumerIdleMs / consumerTime) : 0,
    itemsPerSec: elapsedMs > 0 ? last.consumed / (elapsedMs / 1000) : 0,
    pids,
    threads,
  };
  if (version !== undefined) result.pythonVersion = version;
  if (error !== undefined) Object.assign(result, errorFields(error));
  return result;
}
