import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runCompare } from '../../src/core/ipc/compare';
import { appRoot } from '../../src/core/paths';
import { formatBytes, type CompareEntry, type CompareResult } from '../../src/shared/ipc';

/**
 * What each IPC mechanism costs, next to the bare channel underneath it, in the same run:
 * for every mechanism and message size, throughput (framed, sequenced, CRC-checked messages vs
 * bare payload writes on the same kind of channel) and round-trip p50 (same comparison).
 * Baseline and mechanism alternate (ABBA order); the median ratio over the repeats is kept.
 * Targets: throughput ≥ 70 % of the baseline, round trip ≤ 1.5× the baseline.
 * Run alone: npx tsx test/bench/ipc.bench.ts → bench-results/ipc.json
 * BENCH_IPC_SIZES (bytes, comma-separated; default 65536,1024), BENCH_IPC_MS (per measurement,
 * default 300), BENCH_IPC_REPEATS (default 5).
 */

const SIZES = (process.env['BENCH_IPC_SIZES'] ?? '65536,1024').split(',').map(Number);
const DURATION_MS = Number(process.env['BENCH_IPC_MS'] ?? 300);
const REPEATS = Number(process.env['BENCH_IPC_REPEATS'] ?? 5);
const THROUGHPUT_TARGET = 0.7;
const ROUND_TRIP_TARGET = 1.5;

const round = (value: number, digits = 2): number =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** One mechanism's row of the report. */
function row(entry: CompareEntry) {
  const t = entry.throughput;
  const r = entry.roundTrip;
  return {
    mechanism: entry.mechanism,
    available: entry.available,
    error: entry.error ?? null,
    baseline: entry.baseline,
    throughput: t && {
      mechanismMBps: round(t.mechanism.bytesPerSec / 1e6, 1),
      baselineMBps: round(t.baseline.bytesPerSec / 1e6, 1),
      mechanismMsgsPerSec: Math.round(t.mechanism.messagesPerSec),
      baselineMsgsPerSec: Math.round(t.baseline.messagesPerSec),
      ratio: round(t.ratio),
      target: THROUGHPUT_TARGET,
      met: t.ratio >= THROUGHPUT_TARGET,
      lost: t.mechanism.lost,
      corrupted: t.mechanism.corrupted,
    },
    roundTrip: r && {
      mechanismP50Us: round(r.mechanism.p50Us ?? 0, 1),
      baselineP50Us: round(r.baseline.p50Us ?? 0, 1),
      mechanismP99Us: round(r.mechanism.p99Us ?? 0, 1),
      ratio: round(r.ratio),
      target: ROUND_TRIP_TARGET,
      met: r.ratio <= ROUND_TRIP_TARGET,
    },
  };
}

function print(result: CompareResult): void {
  console.log(`\n${formatBytes(result.sizeBytes)} messages (${REPEATS}× ${DURATION_MS} ms each)`);
  console.log(
    'mechanism          | MB/s mech  base   ratio | msgs/s mech | RTT p50 µs mech   base  ratio',
  );
  for (const entry of result.entries) {
    const r = row(entry);
    if (!r.throughput || !r.roundTrip) {
      console.log(`${entry.mechanism.padEnd(18)} | ${entry.error ?? 'not measured'}`);
      continue;
    }
    const t = r.throughput;
    const rt = r.roundTrip;
    console.log(
      [
        entry.mechanism.padEnd(18),
        `${String(t.mechanismMBps).padStart(9)} ${String(t.baselineMBps).padStart(6)} ${t.ratio
          .toFixed(2)
          .padStart(6)}${t.met ? ' ' : '!'}`,
        String(t.mechanismMsgsPerSec).padStart(11),
        `${String(rt.mechanismP50Us).padStart(14)} ${String(rt.baselineP50Us).padStart(6)} ${rt.ratio
          .toFixed(2)
          .padStart(6)}${rt.met ? '' : '!'}`,
      ].join(' | '),
    );
  }
}

async function main(): Promise<void> {
  const results: CompareResult[] = [];
  for (const sizeBytes of SIZES) {
    const result = await runCompare({ sizeBytes, durationMs: DURATION_MS }, { repeats: REPEATS });
    print(result);
    results.push(result);
  }
  const report = {
    bench: 'ipc',
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.availableParallelism(),
      node: process.version,
      platform: `${process.platform} ${os.release()}`,
      loadAverage: os.loadavg().map((value) => round(value)),
    },
    method: {
      durationMsPerMeasurement: DURATION_MS,
      repeats: REPEATS,
      ratio: 'median over repeats; baseline and mechanism alternate (ABBA), same process layout',
      throughputRatio: 'mechanism bytes/s ÷ baseline bytes/s (signals: messages/s)',
      roundTripRatio: 'mechanism p50 ÷ baseline p50',
      targets: { throughput: THROUGHPUT_TARGET, roundTrip: ROUND_TRIP_TARGET },
    },
    sizes: results.map((result) => ({
      sizeBytes: result.sizeBytes,
      mechanisms: result.entries.map(row),
    })),
  };
  const dir = join(appRoot(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ipc.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
