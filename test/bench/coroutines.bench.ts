import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ExperimentLab } from '../../src/core/experiments/lab/experiment-lab';
import { findPython } from '../../src/core/experiments/lab/python-finder';
import { appRoot } from '../../src/core/paths';
import { TrackedProcesses } from '../../src/core/tracked-processes';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../src/shared/experiment-params';
import type { ExperimentResult } from '../../src/shared/experiment-results';
import type { Model } from '../../src/shared/experiment-models';

/**
 * Coroutines: what tracing each task's turns costs, and what a blocked event loop looks like.
 * - the I/O-bound preset (2,000 timer waits of 20 ms, 100 in flight), traced and plain runs
 *   alternated: the traced wall time must stay within 10 % of the plain one (medians);
 * - the same for asyncio and gevent where Python has them and they report task traces;
 * - "Blocking the event loop": the loop delay of a blocking run against its awaited twin.
 * Run alone: npx tsx test/bench/coroutines.bench.ts → bench-results/coroutines.json
 */

const PAIRS = 7;
const ioPreset = { workload: 'timer', tasks: 2000, latencyMs: 20, concurrency: 100 } as const;

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** One run in a lab of its own. */
async function measure(
  run: ExperimentParamsInput,
  pythonPath: string | null,
): Promise<ExperimentResult> {
  let resolveResult: (result: ExperimentResult) => void = () => undefined;
  const arrived = new Promise<ExperimentResult>((resolve) => (resolveResult = resolve));
  const lab = new ExperimentLab({
    tracked: new TrackedProcesses(),
    pythonPath,
    emit: (stream, payload) => {
      if (stream === 'experiment:result') resolveResult(payload as ExperimentResult);
    },
  });
  await lab.start([experimentParamsSchema.parse({ baseline: 'skip', ...run })]);
  const result = await arrived;
  await lab.dispose();
  if (result.status !== 'ok' || !result.checksumOk) {
    throw new Error(`${result.params.model}: ${result.error ?? 'wrong checksum'}`);
  }
  return result;
}

/** Traced and plain runs of the I/O-bound preset, alternated so both meet the same load. */
async function overhead(model: Model, pythonPath: string | null): Promise<Record<string, unknown>> {
  console.log(`${model}: ${PAIRS} traced and ${PAIRS} plain runs of 2,000 × 20 ms, 100 in flight`);
  const traced: number[] = [];
  const plain: number[] = [];
  let last: ExperimentResult | null = null;
  for (let pair = 0; pair < PAIRS; pair += 1) {
    // Which goes first alternates too: neither always meets a warmer machine.
    const order = pair % 2 === 0 ? [true, false] : [false, true];
    for (const traceTasks of order) {
      const result = await measure({ ...ioPreset, model, traceTasks }, pythonPath);
      (traceTasks ? traced : plain).push(result.wallMs);
      if (traceTasks) last = result;
      if (traceTasks && result.lanes?.taskTrace == null) {
        return { skipped: `${model} reported no task trace` };
      }
    }
  }
  const trace = last?.lanes?.taskTrace;
  const thread = last?.lanes?.lanes.find((lane) => lane.id === trace?.threadLaneId);
  const ratio = median(traced) / median(plain);
  console.log(`  traced / plain wall (medians): ${round(ratio, 3)}`);
  return {
    plainWallMs: plain.map((ms) => round(ms, 0)),
    tracedWallMs: traced.map((ms) => round(ms, 0)),
    plainMedianMs: round(median(plain), 0),
    tracedMedianMs: round(median(traced), 0),
    tracedOverPlain: round(ratio, 3),
    target: 1.1,
    withinTarget: ratio <= 1.1,
    taskLanes: trace?.lanes.length ?? null,
    taskSwitches: trace?.taskSwitches ?? null,
    threadContextSwitches: thread?.contextSwitches ?? null,
    loopDelay: last?.lanes?.loopDelay ?? null,
  };
}

/** The "Blocking the event loop" preset's three runs: the loop delay of each. */
async function blocking(): Promise<Record<string, unknown>> {
  console.log('Blocking the event loop: 40 tasks of ~50 ms, CPU / blocking sleep / awaited timer');
  const size = { tasks: 40, latencyMs: 50, cpuSize: 400_000, concurrency: 40 } as const;
  const figures: Record<string, unknown> = {};
  const p99: Record<string, number> = {};
  for (const workload of ['cpu', 'blocking', 'timer'] as const) {
    const result = await measure({ ...size, workload, model: 'node-async' }, null);
    const delay = result.lanes?.loopDelay ?? null;
    p99[workload] = delay?.p99Ms ?? 0;
    figures[workload] = { wallMs: round(result.wallMs, 0), loopDelay: delay };
    console.log(`  ${result.conclusion}`);
  }
  return {
    ...figures,
    blockingAboveAwaited: (p99.blocking ?? 0) > (p99.timer ?? 0),
    cpuAboveAwaited: (p99.cpu ?? 0) > (p99.timer ?? 0),
  };
}

async function main(): Promise<void> {
  // `npx tsx test/bench/coroutines.bench.ts node blocking` runs only those sections and writes
  // no report; without arguments every section runs and the report is written.
  const only = process.argv.slice(2);
  const section = async (
    name: string,
    run: () => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> =>
    only.length === 0 || only.includes(name) ? run() : { skipped: 'not asked for' };
  const python = await findPython(null);
  const pythonPath = python.available ? python.path : null;
  const pythonOverhead = (model: Model) => async (): Promise<Record<string, unknown>> =>
    pythonPath === null
      ? { skipped: python.error ?? 'no python' }
      : overhead(model, pythonPath).catch((e: unknown) => ({ skipped: String(e) }));
  const report = {
    name: 'coroutines',
    date: new Date().toISOString(),
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      python: python.available ? `${python.path ?? ''} ${python.version ?? ''}` : null,
      loadAverageAtStart: os.loadavg().map((value) => round(value)),
    },
    node: await section('node', () => overhead('node-async', null)),
    asyncio: await section('asyncio', pythonOverhead('python-asyncio')),
    gevent: await section('gevent', pythonOverhead('python-gevent')),
    blocking: await section('blocking', blocking),
  };
  const met = (value: Record<string, unknown>, key: string): boolean | undefined =>
    key in value ? Boolean(value[key]) : undefined;
  const targets = Object.fromEntries(
    Object.entries({
      nodeTaskTraceWallWithin10pct: met(report.node, 'withinTarget'),
      asyncioTaskTraceWallWithin10pct: met(report.asyncio, 'withinTarget'),
      geventTaskTraceWallWithin10pct: met(report.gevent, 'withinTarget'),
      blockingLoopDelayAboveAwaited: met(report.blocking, 'blockingAboveAwaited'),
    }).filter((entry): entry is [string, boolean] => entry[1] !== undefined),
  );
  const full = { ...report, loadAverageAtEnd: os.loadavg().map((v) => round(v)), targets };
  console.log(JSON.stringify(full, null, 2));
  if (only.length > 0) return;
  const dir = join(appRoot(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'coroutines.json'), `${JSON.stringify(full, null, 2)}\n`);
  console.log(`written ${join(dir, 'coroutines.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
