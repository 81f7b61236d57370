import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runCompare } from '../../src/core/ipc/jobs/compare';
import { coresFor, placementUnavailableReason } from '../../src/core/ipc/jobs/placement';
import { findPython } from '../../src/core/experiments/lab/python-finder';
import { ipcPythonFrom, usePython } from '../../src/core/ipc/mechanisms/python-interpreter';
import { appRoot } from '../../src/core/paths';
import {
  formatBytes,
  IPC_MECHANISMS,
  type IpcMechanism,
  type IpcPlacement,
} from '../../src/shared/ipc-mechanisms';
import type { CompareEntry, CompareMeasurement } from '../../src/shared/ipc-results';
import { measurePythonCeiling, type PythonCeiling } from './ipc/python-ceiling';

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
 * Targets: throughput ≥ 70 % of the baseline, round trip ≤ 1.5× the baseline. The Python rows
 * (python-*, on the interpreter the Experiments tab would find) have their own: throughput
 * ≥ 50 % of the bare Python baseline for Pipe.send_bytes, SimpleQueue and SharedMemory; the
 * pickling and proxy paths (and the other Python rows) report their ratios with a note and no
 * target. Next to the Pipe.send_bytes and SimpleQueue rows, `pythonCeiling` gives CPython's own
 * ratio for the same calls with none of the lab's code (ipc/python_ceiling.py): the most those
 * rows could reach here.
 * Run alone: npx tsx test/bench/ipc.bench.ts → bench-results/ipc.json
 * BENCH_IPC_SIZES (bytes, comma-separated; default 65536,1024), BENCH_IPC_MS (per measurement,
 * default 300), BENCH_IPC_REPEATS (default 5), BENCH_IPC_MECHANISMS (comma-separated ids, or
 * prefixes ending in '*' such as `python-*`; default all). A filtered run updates only its rows
 * of bench-results/ipc.json (see mergeInto), so it never throws away the other rows.
 */

const SIZES = (process.env['BENCH_IPC_SIZES'] ?? '65536,1024').split(',').map(Number);
const DURATION_MS = Number(process.env['BENCH_IPC_MS'] ?? 300);
const REPEATS = Number(process.env['BENCH_IPC_REPEATS'] ?? 5);
const THROUGHPUT_TARGET = 0.7;
const ROUND_TRIP_TARGET = 1.5;
const FILTER = process.env['BENCH_IPC_MECHANISMS']?.split(',').map((s) => s.trim());
const MECHANISMS: IpcMechanism[] = FILTER
  ? IPC_MECHANISMS.filter((id) =>
      FILTER.some((f) => (f.endsWith('*') ? id.startsWith(f.slice(0, -1)) : id === f)),
    )
  : [...IPC_MECHANISMS];

/** The Python rows with a throughput target (the bare Python baseline is the reference). */
const PYTHON_THROUGHPUT_TARGET = 0.5;
const PYTHON_TARGETED = new Set<IpcMechanism>([
  'python-pipe-bytes',
  'python-simple-queue',
  'python-shared-memory',
]);
/** Why a Python row has no target: what its ratio measures. */
const PYTHON_NOTES: Partial<Record<IpcMechanism, string>> = {
  'python-pipe-pickle':
    'send/recv pickle a bytes object (a copy and a few header bytes each way) on top of send_bytes; the ratio is the price of pickling plus the Connection length prefix',
  'python-queue':
    "put() only hands the message to the feeder thread, which pickles and writes it; the ratio is pickling, the queue's lock and two thread hand-offs per message",
  'python-manager-queue':
    "every put and every get is a request and a reply through the manager's server process (pickled both ways), against a bare pipe between the same two processes: the ratio is the server hop, several context switches per message",
  'python-manager-dict':
    "every message is a set and a pop through the manager's server process plus two semaphore operations, against a bare pipe: the ratio is the proxy round trips",
  'python-queue-threads':
    'the baseline is the same queue.Queue of bare bytes: the ratio is the framing and checking done in Python between two threads sharing the GIL',
  'python-socketpair':
    'socket.sendall/recv_into against os.write/os.read on the same socketpair: the ratio is the framing and checking in Python',
};

/** The rows whose CPython ceiling is measured alongside (python_ceiling.py). */
const CEILING_ROWS: IpcMechanism[] = ['python-pipe-bytes', 'python-simple-queue'];
const CEILING_NOTE =
  'send_bytes/recv_bytes and SimpleQueue put/get of a fixed payload with no frames and no checks, against bare os.write/os.readv on a pipe of the same size, ends pinned as above: the ratios no lab code could beat';

/** One line per size: CPython's own ratios next to what the rows above measured. */
function printCeiling(ceiling: PythonCeiling): void {
  console.log(
    `CPython ${ceiling.python} alone (no frames, no checks), of bare os.write/os.read: ` +
      `Pipe.send_bytes ${ceiling.ratio.pipeBytes.toFixed(2)}, ` +
      `SimpleQueue ${ceiling.ratio.simpleQueue.toFixed(2)}`,
  );
}

/** Throughput and round-trip targets of one row; null: reported without a target. */
function targetsFor(mechanism: IpcMechanism): {
  throughput: number | null;
  roundTrip: number | null;
} {
  if (!mechanism.startsWith('python-')) {
    return { throughput: THROUGHPUT_TARGET, roundTrip: ROUND_TRIP_TARGET };
  }
  return {
    throughput: PYTHON_TARGETED.has(mechanism) ? PYTHON_THROUGHPUT_TARGET : null,
    roundTrip: null,
  };
}

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
  target: number | null,
) {
  return (
    figures && {
      mechanismP50Us: round(figures.mechanism.p50Us ?? 0, 1),
      baselineP50Us: round(figures.baseline.p50Us ?? 0, 1),
      mechanismP99Us: round(figures.mechanism.p99Us ?? 0, 1),
      ratio: round(figures.ratio),
      target,
      met: target === null ? null : figures.ratio <= target,
    }
  );
}

/** One mechanism's row of the report: throughput and round trip on two cores, round trip on one. */
function row(split: CompareEntry, same: CompareEntry | undefined) {
  const t = split.throughput;
  const target = targetsFor(split.mechanism);
  return {
    mechanism: split.mechanism,
    available: split.available,
    error: split.error ?? same?.error ?? null,
    baseline: split.baseline,
    note: PYTHON_NOTES[split.mechanism] ?? null,
    throughput: t && {
      mechanismMBps: round(t.mechanism.bytesPerSec / 1e6, 1),
      baselineMBps: round(t.baseline.bytesPerSec / 1e6, 1),
      mechanismMsgsPerSec: Math.round(t.mechanism.messagesPerSec),
      baselineMsgsPerSec: Math.round(t.baseline.messagesPerSec),
      ratio: round(t.ratio),
      target: target.throughput,
      met: target.throughput === null ? null : t.ratio >= target.throughput,
      lost: t.mechanism.lost,
      corrupted: t.mechanism.corrupted,
    },
    roundTripTwoCores: roundTripRow(split.roundTrip, target.roundTrip),
    roundTripOneCore: roundTripRow(same?.roundTrip ?? null, target.roundTrip),
  };
}

type Row = ReturnType<typeof row>;

function rttCell(r: Row['roundTripOneCore']): string {
  if (!r) return '—'.padStart(21);
  const mark = r.met === false ? '!' : ' ';
  return `${String(r.mechanismP50Us).padStart(7)} ${String(r.baselineP50Us).padStart(6)} ${r.ratio.toFixed(2).padStart(5)}${mark}`;
}

function print(sizeBytes: number, rows: Row[]): void {
  console.log(`\n${formatBytes(sizeBytes)} messages (${REPEATS}× ${DURATION_MS} ms each)`);
  console.log(
    'mechanism            | MB/s mech   base ratio  | RTT 2 cores µs mech base ratio | 1 core µs mech base ratio',
  );
  for (const r of rows) {
    const t = r.throughput;
    if (!t) {
      console.log(`${r.mechanism.padEnd(20)} | ${r.error ?? 'not measured'}`);
      continue;
    }
    console.log(
      [
        r.mechanism.padEnd(20),
        `${String(t.mechanismMBps).padStart(9)} ${String(t.baselineMBps).padStart(6)} ${t.ratio
          .toFixed(2)
          .padStart(5)}${t.met === false ? '!' : ' '}`,
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
      const met = (value: boolean | null | undefined, name: string): void => {
        if (typeof value === 'boolean') targets[`${key}:${name}`] = value;
      };
      met(r.throughput?.met, 'throughput');
      met(r.roundTripTwoCores?.met, 'roundTripTwoCores');
      met(r.roundTripOneCore?.met, 'roundTripOneCore');
    }
  }
  return targets;
}

type Report = { sizes: { sizeBytes: number; mechanisms: Row[] }[]; targets: object };

/**
 * A filtered run's rows replace those rows of the last full report (other rows and sizes are
 * kept, marked with when they were measured), so `npm run bench` still sums a whole report.
 */
function mergeInto(file: string, report: Report & { date: string }): object {
  if (!existsSync(file)) return report;
  const previous = JSON.parse(readFileSync(file, 'utf8')) as Report & { date?: string };
  const sizes = previous.sizes.map((size) => ({
    ...size,
    mechanisms: size.mechanisms.map((r) => ({ measuredAt: previous.date, ...r })),
  }));
  for (const fresh of report.sizes) {
    let size = sizes.find((s) => s.sizeBytes === fresh.sizeBytes);
    if (!size) sizes.push((size = { sizeBytes: fresh.sizeBytes, mechanisms: [] }));
    for (const r of fresh.mechanisms) {
      const at = size.mechanisms.findIndex((old) => old.mechanism === r.mechanism);
      const dated = { measuredAt: report.date, ...r };
      if (at >= 0) size.mechanisms[at] = dated;
      else size.mechanisms.push(dated);
    }
  }
  return { ...previous, partialUpdate: report, sizes, targets: targetsOf(sizes) };
}

async function main(): Promise<void> {
  const where = placements();
  if (where.note) console.log(where.note);
  // The Python rows run on the interpreter the Experiments tab would find (or are unavailable).
  const python = await findPython(process.env['CONCURRENCY_LAB_PYTHON'] ?? null);
  usePython(ipcPythonFrom(python));
  if (MECHANISMS.some((id) => id.startsWith('python-'))) {
    console.log(python.available ? `Python ${python.version} at ${python.path}` : python.error);
  }
  const sizes = [];
  const ceilings: PythonCeiling[] = [];
  for (const sizeBytes of SIZES) {
    const request = { sizeBytes, durationMs: DURATION_MS, mechanisms: MECHANISMS };
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
    if (python.available && python.path && CEILING_ROWS.some((id) => MECHANISMS.includes(id))) {
      const ceiling = await measurePythonCeiling(python.path, {
        sizeBytes,
        durationMs: DURATION_MS,
        repeats: REPEATS,
        cores: coresFor(where.split),
      });
      printCeiling(ceiling);
      ceilings.push(ceiling);
    }
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
      thresholds: {
        throughput: THROUGHPUT_TARGET,
        roundTrip: ROUND_TRIP_TARGET,
        pythonThroughput: PYTHON_THROUGHPUT_TARGET,
        pythonTargeted: [...PYTHON_TARGETED],
      },
      python: python.available ? { path: python.path, version: python.version } : python.error,
      mechanisms: FILTER ? MECHANISMS : 'all',
    },
    targets: targetsOf(sizes),
    sizes,
    pythonCeiling: ceilings.length === 0 ? null : { note: CEILING_NOTE, sizes: ceilings },
  };
  const dir = join(appRoot(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ipc.json');
  const merged = FILTER ? mergeInto(file, report) : report;
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
