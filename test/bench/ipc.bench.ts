import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runCompare } from '../../src/core/ipc/jobs/compare';
import { coresFor, placementUnavailableReason } from '../../src/core/ipc/jobs/placement';
import { appRoot } from '../../src/core/paths';
import {
  formatBytes,
  type CompareEntry,
  type CompareMeasurement,
  type IpcPlacement,
} from '../../src/shared/ipc';

/**
 * What each IPC mechanism costs, next to the bare channel underneath it, in the same run:
 * for every mechanism and message size, throughput (framed, sequenced, checked messages vs bare
 * writes of the same size on the same kind of channel) and round-trip p50 (same comparison).
 * Baseline and mechanism alternate (ABBA order); the median ratio over the repeats is kept.
 *
 * The ends are pinned to cores (taskset), because where the scheduler puts them decides round
 * trips on a VM: waking a thread on another core goes through the hypervisor (~60 µs here), a
 * switch on one core takes a few µs, and an unpinned run lands in either regime at random.
 * Throughput runs on two cores (producer and consumer at once); round trips run on two cores
 * and on one, so both regimes are measured on purpose.
 *
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

/** Placements to use, or 'any' for all when this machine cannot pin (said once, up front). */
function placements(): { split: IpcPlacement; same: IpcPlacement | null; note: string | null } {
  const problem = placementUnavailableReason('split-cores');
  if (problem === null) return { split: 'split-cores', same: 'same-core', note: null };
  return { split: 'any', same: null, note: `ends not pinned (${problem})` };
}

function roundTripRow(
  figures: { mechanism: CompareMeasurement; baseline: CompareMeasurement; ratio: number } | null,
) {
  return (
    figures && {
      mechanismP50Us: round(figures.mechanism.p50Us ?? 0, 1),
      baselineP50Us: round(figures.baseline.p50Us ?? 0, 1),
      mechanismP99Us: round(figures.mechanism.p99Us ?? 0, 1),
      ratio: round(figures.ratio),
      target: ROUND_TRIP_TARGET,
      met: figures.ratio <= ROUND_TRIP_TARGET,
    }
  );
}

/** One mechanism's row of the report: throughput and round trip on two cores, round trip on one. */
function row(split: CompareEntry, same: CompareEntry | undefined) {
  const t = split.throughput;
  return {
    mechanism: split.mechanism,
    available: split.available,
    error: split.error ?? same?.error ?? null,
    baseline: split.baseline,
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
    roundTripTwoCores: roundTripRow(split.roundTrip),
    roundTripOneCore: roundTripRow(same?.roundTrip ?? null),
  };
}

type Row = ReturnType<typeof row>;

function rttCell(r: Row['roundTripOneCore']): string {
  if (!r) return '—'.padStart(21);
  const mark = r.met ? ' ' : '!';
  return `${String(r.mechanismP50Us).padStart(7)} ${String(r.baselineP50Us).padStart(6)} ${r.ratio.toFixed(2).padStart(5)}${mark}`;
}

function print(sizeBytes: number, rows: Row[]): void {
  console.log(`\n${formatBytes(sizeBytes)} messages (${REPEATS}× ${DURATION_MS} ms each)`);
  console.log(
    'mechanism          | MB/s mech   base ratio  | RTT 2 cores µs mech base ratio | 1 core µs mech base ratio',
  );
  for (const r of rows) {
    const t = r.throughput;
    if (!t) {
      console.log(`${r.mechanism.padEnd(18)} | ${r.error ?? 'not measured'}`);
      continue;
    }
    console.log(
      [
        r.mechanism.padEnd(18),
        `${String(t.mechanismMBps).padStart(9)} ${String(t.baselineMBps).padStart(6)} ${t.ratio
          .toFixed(2)
          .padStart(5)}${t.met ? ' ' : '!'}`,
        `      ${rttCell(r.roundTripTwoCores)}`,
        rttCell(r.roundTripOneCore),
      ].join(' | '),
    );
  }
}

/** One boolean per target: every measured mechanism, at every size, in each regime. */
function targetsOf(sizes: { sizeBytes: number; mechanisms: Row[] }[]): Record<string, boolean> {
  const targets: Record<string, boolean> = {};
  for (const { sizeBytes, mechanisms } of sizes) {
    for (const r of mechanisms) {
      const key = `${r.mechanism}@${sizeBytes}`;
      if (r.throughput) targets[`${key}:throughput`] = r.throughput.met;
      if (r.roundTripTwoCores) targets[`${key}:roundTripTwoCores`] = r.roundTripTwoCores.met;
      if (r.roundTripOneCore) targets[`${key}:roundTripOneCore`] = r.roundTripOneCore.met;
    }
  }
  return targets;
}

async function main(): Promise<void> {
  const where = placements();
  if (where.note) console.log(where.note);
  const sizes = [];
  for (const sizeBytes of SIZES) {
    const request = { sizeBytes, durationMs: DURATION_MS };
    const split = await runCompare({ ...request, placement: where.split }, { repeats: REPEATS });
    const same = where.same
      ? await runCompare(
          { ...request, placement: where.same },
          { repeats: REPEATS, modes: ['round-trip'] },
        )
      : null;
    const rows = split.entries.map((entry) =>
      row(
        entry,
        same?.entries.find((e) => e.mechanism === entry.mechanism),
      ),
    );
    print(sizeBytes, rows);
    sizes.push({ sizeBytes, mechanisms: rows });
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
      placement: where.note ?? {
        throughput: 'split-cores',
        roundTripTwoCores: 'split-cores',
        roundTripOneCore: 'same-core',
        cores: coresFor('split-cores'),
      },
      thresholds: { throughput: THROUGHPUT_TARGET, roundTrip: ROUND_TRIP_TARGET },
    },
    targets: targetsOf(sizes),
    sizes,
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
