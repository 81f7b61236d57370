import { randomUUID } from 'node:crypto';
import { compareRequestSchema, type CompareRequest } from '../../../shared/ipc-requests';
import {
  IPC_MECHANISMS,
  IPC_MODES,
  type IpcMechanism,
  type IpcMode,
} from '../../../shared/ipc-mechanisms';
import type {
  CompareEntry,
  CompareMeasurement,
  CompareResult,
  IpcRunResult,
} from '../../../shared/ipc-results';
import { parseOrThrow } from '../../../shared/validation';
import { baselineOf, unavailableReason } from '../mechanisms/registry';
import { runTraffic } from './run-traffic';

/** Options of one compare run. */
export interface CompareOptions {
  runId?: string;
  signal?: AbortSignal;
  /** Receives the result so far after each mechanism. */
  onProgress?: (result: CompareResult) => void;
  onPids?: (pids: number[]) => void;
  /** Folder for the mechanisms' files (FIFOs, sockets); default: the system temp folder. */
  tempRoot?: string;
  /** Measurements per (mechanism, mode); the median ratio is kept. Default 1. */
  repeats?: number;
  /** Which modes to measure; default both. */
  modes?: readonly IpcMode[];
}

function measurement(result: IpcRunResult): CompareMeasurement {
  return {
    bytesPerSec: result.bytesPerSec,
    messagesPerSec: result.messagesPerSec,
    p50Us: result.latency?.p50Us ?? null,
    p99Us: result.latency?.p99Us ?? null,
    lost: result.correctness.lost,
    corrupted: result.correctness.corrupted,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Throughput ratio (mechanism ÷ baseline, higher is better: bytes/s, or messages/s for signals)
 * and round-trip ratio (mechanism p50 ÷ baseline p50, lower is better).
 */
function ratioOf(mechanism: IpcMechanism, mode: IpcMode, mech: IpcRunResult, base: IpcRunResult) {
  if (mode === 'round-trip') {
    const m = mech.latency?.p50Us ?? 0;
    const b = base.latency?.p50Us ?? 0;
    return b > 0 ? m / b : 0;
  }
  const m = mechanism === 'signals' ? mech.messagesPerSec : mech.bytesPerSec;
  const b = mechanism === 'signals' ? base.messagesPerSec : base.bytesPerSec;
  return b > 0 ? m / b : 0;
}

/**
 * Every requested mechanism at one message size: throughput and round trip, each against its
 * baseline (the same channel with bare payloads) measured right before it in the same run.
 * With repeats, baseline and mechanism alternate (ABBA) and the median ratio is reported.
 */
export async function runCompare(
  rawRequest: CompareRequest,
  options: CompareOptions = {},
): Promise<CompareResult> {
  const request = parseOrThrow(compareRequestSchema, rawRequest, 'invalid compare');
  const signal = options.signal ?? new AbortController().signal;
  const repeats = Math.max(1, options.repeats ?? 1);
  const result: CompareResult = {
    runId: options.runId ?? randomUUID(),
    sizeBytes: request.sizeBytes,
    durationMs: request.durationMs,
    status: 'completed',
    entries: [],
  };
  const mechanisms = request.mechanisms ?? [...IPC_MECHANISMS];
  for (const mechanism of mechanisms) {
    if (signal.aborted) break;
    const entry: CompareEntry = {
      mechanism,
      baseline: baselineOf(mechanism),
      available: true,
      throughput: null,
      roundTrip: null,
    };
    result.entries.push(entry);
    const reason = await unavailableReason(mechanism);
    if (reason !== null) {
      entry.available = false;
      entry.error = reason;
      options.onProgress?.(structuredClone(result));
      continue;
    }
    for (const mode of options.modes ?? IPC_MODES) {
      const runs: { mech: IpcRunResult; base: IpcRunResult; ratio: number }[] = [];
      for (let i = 0; i < repeats && !signal.aborted; i += 1) {
        const run = (baseline: boolean) =>
          runTraffic(
            {
              mechanism,
              mode,
              sizeBytes: request.sizeBytes,
              durationMs: request.durationMs,
              producers: 1,
              ...(request.placement ? { placement: request.placement } : {}),
            },
            { baseline, signal, onPids: options.onPids, tempRoot: options.tempRoot },
          );
        // ABBA: alternate which goes first, so a drift in the machine's load favours neither.
        const baseFirst = i % 2 === 0;
        const first = await run(baseFirst);
        const second = await run(!baseFirst);
        const [base, mech] = baseFirst ? [first, second] : [second, first];
        const failed = [base, mech].find((r) => r.status === 'failed');
        if (failed) {
          entry.error = failed.error;
          if (failed.errorSaid !== undefined) entry.errorSaid = failed.errorSaid;
        }
        if (base.status !== 'completed' || mech.status !== 'completed') break;
        runs.push({ mech, base, ratio: ratioOf(mechanism, mode, mech, base) });
      }
      if (runs.length === 0) continue;
      const ratio = median(runs.map((r) => r.ratio));
      const closest = runs.reduce((a, b) =>
        Math.abs(b.ratio - ratio) < Math.abs(a.ratio - ratio) ? b : a,
      );
      const figures = {
        mechanism: measurement(closest.mech),
        baseline: measurement(closest.base),
        ratio,
      };
      if (mode === 'throughput') entry.throughput = figures;
      else entry.roundTrip = figures;
    }
    options.onProgress?.(structuredClone(result));
  }
  if (signal.aborted) result.status = 'stopped';
  return result;
}
