import { errorFields, labError, said, saidOf, type LabMessage } from '../../../shared/lab-messages';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ipcRunRequestSchema, type IpcRunRequest } from '../../../shared/ipc-requests';
import type { IpcRunResult, IpcRunStatus, IpcTrafficSample } from '../../../shared/ipc-results';
import { parseOrThrow } from '../../../shared/validation';
import { RunStopped, type RunContext } from '../mechanisms/context';
import { mechanismRun, unavailableReason } from '../mechanisms/registry';
import { pinThisThread } from '../../os/affinity';
import { coresFor, placementUnavailableReason } from './placement';
import { TrafficMeter } from '../wire/traffic-meter';

/** Options of one traffic run. */
export interface TrafficRunOptions {
  runId?: string;
  /** Aborting it stops the run at once (peers killed, threads terminated). */
  signal?: AbortSignal;
  /** Receives an `ipc:traffic` sample every `sampleEveryMs` and once at the end. */
  onSample?: (sample: IpcTrafficSample) => void;
  /** Receives the processes taking part whenever the set changes. */
  onPids?: (pids: number[]) => void;
  sampleEveryMs?: number;
  /** Run the mechanism's baseline instead: the same channel with bare payloads. */
  baseline?: boolean;
  /** Where the private temp dir is made (default: the OS temp dir). */
  tempRoot?: string;
}

/** Extra time a duration run may take before it is ended as hung. */
const HANG_GRACE_MS = 20_000;

/**
 * Runs one mechanism once and returns what it measured. FIFOs and sockets live in a private temp
 * dir that is removed before this returns; every peer process and thread is gone by then too.
 */
export async function runTraffic(
  rawRequest: IpcRunRequest,
  options: TrafficRunOptions = {},
): Promise<IpcRunResult> {
  const request = parseOrThrow(ipcRunRequestSchema, rawRequest, 'invalid IPC run');
  const runId = options.runId ?? randomUUID();
  const meter = new TrafficMeter(runId, request.mechanism, request.mode);
  const pids = new Set<number>([process.pid]);
  let threads = 0;
  let kernelObject: string | undefined;
  let tempDir: Promise<string> | null = null;
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) stop.abort();

  const placement = request.placement ?? 'any';
  const placementProblem = placementUnavailableReason(placement);
  const cores = placementProblem === null ? coresFor(placement) : {};
  const context: RunContext = {
    request,
    raw: options.baseline ?? false,
    meter,
    signal: stop.signal,
    cores,
    tempDir: () => {
      tempDir ??= mkdtemp(join(options.tempRoot ?? tmpdir(), 'concurrency-lab-ipc-'));
      return tempDir;
    },
    addPids: (more) => {
      for (const pid of more) pids.add(pid);
      options.onPids?.([...pids]);
    },
    addThreads: (count) => {
      threads += count;
    },
    setKernelObject: (what) => {
      kernelObject = what;
    },
  };

  let status: IpcRunStatus = 'completed';
  let error: LabMessage | string | undefined;
  const ticker = setInterval(
    () => options.onSample?.(meter.sample()),
    options.sampleEveryMs ?? 250,
  );
  const hung =
    request.durationMs === undefined
      ? undefined
      : setTimeout(() => {
          error = said('runHung', { ms: request.durationMs! + HANG_GRACE_MS });
          stop.abort();
        }, request.durationMs + HANG_GRACE_MS);
  let unpin: (() => void) | null = null;
  try {
    const reason = await unavailableReason(request.mechanism);
    if (reason !== null) throw labError('cannotRunHere', { mechanism: request.mechanism, reason });
    if (placementProblem !== null) throw labError('cannotPlaceEnds', { problem: placementProblem });
    // The runner's thread is the receiving end of most mechanisms (and starts the threads of
    // the others, which inherit its pin until they pin themselves).
    if (cores.receiver !== undefined) unpin = pinThisThread(cores.receiver);
    await mechanismRun(request.mechanism, request.mode)(context);
  } catch (caught) {
    if (caught instanceof RunStopped && error === undefined) status = 'stopped';
    else {
      status = 'failed';
      error ??= saidOf(caught) ?? (caught instanceof Error ? caught.message : String(caught));
    }
  } finally {
    unpin?.();
    clearInterval(ticker);
    clearTimeout(hung);
    options.signal?.removeEventListener('abort', onOuterAbort);
    meter.markFinish();
    if (tempDir) await rm(await tempDir, { recursive: true, force: true });
    options.onPids?.([]);
  }
  const last = meter.sample();
  options.onSample?.(last);
  const totals = meter.totals();
  const elapsedMs = meter.elapsedMs();
  const seconds = elapsedMs / 1000;
  const result: IpcRunResult = {
    runId,
    request,
    status,
    elapsedMs,
    totalBytes: totals.bytes,
    totalMessages: totals.messages,
    bytesPerSec: seconds > 0 ? totals.bytes / seconds : 0,
    messagesPerSec: seconds > 0 ? totals.messages / seconds : 0,
    correctness: meter.correctness(),
    latency: meter.latencyTotal.summary(),
    signals: meter.signals,
    pids: [...pids],
    threads,
  };
  if (error !== undefined) Object.assign(result, errorFields(error));
  if (kernelObject !== undefined) result.kernelObject = kernelObject;
  if (cores.receiver !== undefined && cores.sender !== undefined) {
    result.cores = { receiver: cores.receiver, sender: cores.sender };
  }
  return result;
}
