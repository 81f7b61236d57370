import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { ExperimentLab } from '../../src/core/experiments/lab/experiment-lab';
import { findPython } from '../../src/core/experiments/lab/python-finder';
import { startThreadWorker } from '../../src/core/experiments/host/task-workers';
import { WorkerSession, type ModelReporter } from '../../src/core/experiments/host/worker-session';
import { appRoot } from '../../src/core/paths';
import { TrackedProcesses } from '../../src/core/tracked-processes';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../src/shared/experiment-params';
import type { ExperimentResult } from '../../src/shared/experiment-results';
import { samplerCost } from './lanes-cost';

/**
 * Fidelity of the experiments on this machine: do the classic lessons come out right?
 * - CPU-bound: a pool of `cores` worker threads vs sequential and async (speedup, cores busy);
 * - I/O-bound: async at concurrency 100 vs sequential;
 * - Python: threads vs processes, cores busy (the GIL);
 * - the pool's per-task dispatch overhead next to a raw postMessage round trip, same run;
 * - the lanes: the run-thread sampler's own cost, and the overlap of threads vs processes.
 * Run alone: npx tsx test/bench/experiments.bench.ts → bench-results/experiments.json
 */

const cores = os.availableParallelism();

/** Busy ms of the whole machine so far (every core, every process), from os.cpus(). */
function machineBusyMs(): number {
  return os
    .cpus()
    .reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

/** One run in its own lab, with the machine's load around it. */
interface Measured {
  result: ExperimentResult;
  /** Cores other processes kept busy meanwhile (approximate: includes the host's start-up). */
  otherLoadCores: number;
}

async function measure(run: ExperimentParamsInput, pythonPath: string | null): Promise<Measured> {
  let resolveResult: (result: ExperimentResult) => void = () => undefined;
  const resultArrived = new Promise<ExperimentResult>((resolve) => {
    resolveResult = resolve;
  });
  const lab = new ExperimentLab({
    tracked: new TrackedProcesses(),
    pythonPath,
    emit: (stream, payload) => {
      if (stream === 'experiment:result') resolveResult(payload as ExperimentResult);
    },
  });
  const busy0 = machineBusyMs();
  const t0 = performance.now();
  await lab.start([experimentParamsSchema.parse({ baseline: 'skip', ...run })]);
  const result = await resultArrived;
  const windowMs = performance.now() - t0;
  const machineCores = (machineBusyMs() - busy0) / windowMs;
  await lab.dispose();
  if (result.status !== 'ok' || !result.checksumOk) {
    throw new Error(`${result.params.model}: ${result.error ?? 'wrong checksum'}`);
  }
  const otherLoadCores = Math.max(0, machineCores - result.cpuMs / windowMs);
  console.log(`  ${result.conclusion} [other load ≈ ${otherLoadCores.toFixed(2)} cores]`);
  return { result, otherLoadCores };
}

/**
 * The machine is shared: other processes take cores in bursts. Each model runs up to
 * `attempts` times (until `goodEnough` holds); its fastest run counts, as is usual for
 * timings on a noisy machine, and every attempt is kept in the report.
 */
async function best(
  runs: Record<string, ExperimentParamsInput>,
  pythonPath: string | null,
  goodEnough: (best: Record<string, ExperimentResult>) => boolean,
  attempts = 3,
): Promise<{ best: Record<string, ExperimentResult>; tries: Record<string, unknown>[] }> {
  const bestOf: Record<string, ExperimentResult> = {};
  const tries: Record<string, unknown>[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const row: Record<string, unknown> = { attempt };
    for (const [name, run] of Object.entries(runs)) {
      const { result, otherLoadCores } = await measure(run, pythonPath);
      row[name] = {
        wallMs: round(result.wallMs, 0),
        workerStartupMs: round(result.workerStartupMs ?? Number.NaN, 0),
        coresBusy: round(result.coresBusy),
        otherLoadCores: round(otherLoadCores),
      };
      const kept = bestOf[name];
      if (kept === undefined || result.wallMs < kept.wallMs) bestOf[name] = result;
    }
    tries.push(row);
    if (goodEnough(bestOf)) break;
  }
  return { best: bestOf, tries };
}

function get(results: Record<string, ExperimentResult>, name: string): ExperimentResult {
  const found = results[name];
  if (found === undefined) throw new Error(`no ${name} result`);
  return found;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

async function cpuBound(): Promise<Record<string, unknown>> {
  console.log(`CPU-bound: 64 tasks × 300,000 numbers; pools of ${cores}`);
  const work = { workload: 'cpu', tasks: 64, cpuSize: 300_000 } as const;
  const { best: runs, tries } = await best(
    {
      sequential: { ...work, model: 'node-sequential' },
      async: { ...work, model: 'node-async', concurrency: 64 },
      threadPool: { ...work, model: 'node-worker-pool', workers: cores },
      processPool: { ...work, model: 'node-process-pool', workers: cores },
    },
    null,
    (b) => {
      const seq = get(b, 'sequential');
      const pool = get(b, 'threadPool');
      return seq.wallMs / pool.wallMs >= 0.9 * cores && pool.coresBusy >= 0.9 * cores;
    },
  );
  const seq = get(runs, 'sequential');
  const asyncRun = get(runs, 'async');
  const pool = get(runs, 'threadPool');
  const procs = get(runs, 'processPool');
  const poolSpeedup = seq.wallMs / pool.wallMs;
  return {
    sequentialWallMs: round(seq.wallMs, 0),
    sequentialCoresBusy: round(seq.coresBusy),
    asyncWallMs: round(asyncRun.wallMs, 0),
    asyncCoresBusy: round(asyncRun.coresBusy),
    threadPoolWallMs: round(pool.wallMs, 0),
    threadPoolCoresBusy: round(pool.coresBusy),
    threadPoolSpeedup: round(poolSpeedup),
    // Starting the workers is inside the pool's wall time: the first thing to read on a miss.
    threadPoolWorkerStartupMs: round(pool.workerStartupMs ?? Number.NaN, 0),
    processPoolWallMs: round(procs.wallMs, 0),
    processPoolCoresBusy: round(procs.coresBusy),
    processPoolSpeedup: round(seq.wallMs / procs.wallMs),
    target: {
      speedup: round(0.9 * cores),
      coresBusy: cores === 2 ? 1.8 : round(0.9 * cores),
      asyncCoresBusy: 1.0,
    },
    threadPoolSpeedupOk: poolSpeedup >= 0.9 * cores,
    threadPoolCoresBusyOk: pool.coresBusy >= (cores === 2 ? 1.8 : 0.9 * cores),
    asyncStaysAtOneCore: asyncRun.coresBusy <= 1.1,
    attempts: tries,
  };
}

async function ioBound(): Promise<Record<string, unknown>> {
  console.log('I/O-bound: 400 timer waits of 20 ms, async at concurrency 100 vs sequential');
  const work = { workload: 'timer', tasks: 400, latencyMs: 20 } as const;
  const { best: runs, tries } = await best(
    {
      sequential: { ...work, model: 'node-sequential' },
      async: { ...work, model: 'node-async', concurrency: 100 },
    },
    null,
    (b) => get(b, 'sequential').wallMs / get(b, 'async').wallMs >= 50,
  );
  const seq = get(runs, 'sequential');
  const asyncRun = get(runs, 'async');
  const ratio = seq.wallMs / asyncRun.wallMs;
  return {
    sequentialWallMs: round(seq.wallMs, 0),
    asyncWallMs: round(asyncRun.wallMs, 0),
    asyncCoresBusy: round(asyncRun.coresBusy, 3),
    asyncSpeedup: round(ratio, 1),
    target: { speedup: 50 },
    asyncSpeedupOk: ratio >= 50,
    attempts: tries,
  };
}

async function pythonGil(): Promise<Record<string, unknown>> {
  const python = await findPython(null);
  if (!python.available || python.path === null) return { skipped: python.error ?? 'no python' };
  console.log(
    `Python ${python.version ?? ''} (GIL ${python.gilEnabled ? 'on' : 'off'}): ${cores} threads vs ${cores} processes`,
  );
  const work = { workload: 'cpu', tasks: 32, cpuSize: 40_000, workers: cores } as const;
  const { best: runs, tries } = await best(
    {
      threads: { ...work, model: 'python-threads' },
      processes: { ...work, model: 'python-processes' },
    },
    python.path,
    (b) => get(b, 'processes').coresBusy >= 1.6,
  );
  const threads = get(runs, 'threads');
  const processes = get(runs, 'processes');
  return {
    python: `${python.path} ${python.version ?? ''}`,
    gilEnabled: python.gilEnabled === true,
    threadsCoresBusy: round(threads.coresBusy),
    processesCoresBusy: round(processes.coresBusy),
    threadsWallMs: round(threads.wallMs, 0),
    processesWallMs: round(processes.wallMs, 0),
    target: { threadsCoresBusy: '≈ 1.0', processesCoresBusy: 1.6 },
    threadsAboutOneCore: threads.coresBusy <= 1.2,
    processesOk: cores < 2 || processes.coresBusy >= 1.6,
    attempts: tries,
  };
}

/** A child Node process with 16 threads that each wake every 5 ms: their counters move every tick. */
function sixteenThreads(): ChildProcess {
  const code = `
    const { Worker } = require('node:worker_threads');
    for (let i = 0; i < 16; i += 1)
      new Worker('setInterval(() => { let x = 0; for (let j = 0; j < 2000; j += 1) x += j; }, 5)', { eval: true });
    setInterval(() => {}, 1000);`;
  return spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
}

/**
 * The lanes: what sampling a run's threads costs the lab, and whether the overlap figure tells
 * Python threads (the GIL: taking turns) from processes and Node worker threads (side by side).
 */
async function lanes(): Promise<Record<string, unknown>> {
  const child = sixteenThreads();
  let cost: Record<string, unknown>;
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // its threads have started
    console.log('Lanes sampler cost (median of rounds; % of one core beyond idle):');
    cost = await samplerCost(child.pid ?? 0);
    console.log(
      `Sampling ${String(cost['threads'])} threads at ${String(cost['samplesPerSec'])}/s cost ` +
        `${String(cost['percentOfCore'])} % of a core with the ${String(cost['used'])} sampler ` +
        `(main thread's part ${String(cost['mainThreadPartPercent'])} %; the sampling thread ` +
        `${String(cost['samplingThreadPercent'])} %; on the main thread as first built: ` +
        `${String(cost['onMainThreadPercent'])} %; empty wake-ups in Node as often: futex ` +
        `${String(cost['emptyFutexPercentOfCore'])} %, timer ` +
        `${String(cost['emptyTimerPercentOfCore'])} %) [load average ` +
        `${String(cost['loadAverage1m'])}]`,
    );
  } finally {
    child.kill('SIGKILL');
  }
  const python = await findPython(null);
  const work = { workload: 'cpu', tasks: 24, cpuSize: 40_000, workers: 2 } as const;
  const runs: Record<string, ExperimentParamsInput> = {
    nodeThreads: { ...work, model: 'node-worker-pool', cpuSize: 200_000 },
  };
  if (python.available && python.path !== null) {
    runs['pythonThreads'] = { ...work, model: 'python-threads' };
    runs['pythonProcesses'] = { ...work, model: 'python-processes' };
  }
  const overlap: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(runs)) {
    const load = os.loadavg()[0] ?? 0;
    const { result, otherLoadCores } = await measure(run, python.path);
    const share = result.lanes?.overlapShare ?? null;
    console.log(
      `  ${name}: overlap ${share === null ? '—' : `${round(100 * share, 1)} %`} of the run ` +
        `[load average ${round(load)}, other load ≈ ${round(otherLoadCores)} cores]`,
    );
    overlap[name] = {
      overlapShare: share === null ? null : round(share, 3),
      samplesPerSec: result.lanes?.samplesPerSec ?? null,
      coresBusy: round(result.coresBusy),
      loadAverage1m: round(load),
      otherLoadCores: round(otherLoadCores),
    };
  }
  const shareOf = (name: string): number | null =>
    (overlap[name] as { overlapShare?: number | null } | undefined)?.overlapShare ?? null;
  const threads = shareOf('pythonThreads');
  const processes = shareOf('pythonProcesses');
  const nodeThreads = shareOf('nodeThreads');
  return {
    samplerCost: cost,
    overlap,
    target: {
      samplerPercentOfCore: 0.5,
      samplesPerSec: '≥ 20',
      pythonThreads: '≤ 0.10',
      others: '≥ 0.60',
    },
    samplerCostOk: cost['ok'] === true,
    ...(threads === null ? {} : { pythonThreadsOverlapOk: threads <= 0.1 }),
    ...(processes === null ? {} : { pythonProcessesOverlapOk: cores < 2 || processes >= 0.6 }),
    ...(nodeThreads === null ? {} : { nodeThreadsOverlapOk: cores < 2 || nodeThreads >= 0.6 }),
  };
}

const silent: ModelReporter = {
  workerSpawned: () => undefined,
  workerExited: () => undefined,
  usage: () => undefined,
  libuvPool: () => undefined,
  progress: () => undefined,
  taskDone: () => undefined,
  measureFrom: () => undefined,
};

async function dispatchOverhead(): Promise<Record<string, number>> {
  const count = 1_000;
  console.log(
    `Dispatch: ${count} trivial tasks through a pool worker vs raw postMessage round trips`,
  );
  const config = {
    workload: 'cpu' as const,
    cpuSize: 1,
    latencyMs: 0,
    fileDir: null,
    fileCount: 1,
    echoPort: null,
  };
  const timePerCall = async (call: (i: number) => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < count; i += 1) await call(i);
    return ((performance.now() - t0) * 1000) / count;
  };
  // A thread round trip here is bimodal (~10 µs when the peer thread is still spinning on its
  // core, ~70 µs when it has gone to sleep and must be woken), and which mode a pair of threads
  // settles in depends on where the scheduler put them. So every round starts a fresh pool
  // worker and a fresh echo worker, times both alternately, and each side keeps its best round:
  // both get the same chances at a good placement.
  const rounds = 8;
  let poolUs = Infinity;
  let rawUs = Infinity;
  for (let round = 0; round < rounds; round += 1) {
    const session = new WorkerSession(
      startThreadWorker('bench-w1'),
      { config, crashAtTask: null },
      { kind: 'pool' },
      silent,
    );
    const echo = new Worker(
      "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));",
      { eval: true },
    );
    // One permanent listener and a pending resolver: the same shape as the pool's session.
    let pending: ((message: unknown) => void) | null = null;
    echo.on('message', (message: unknown) => pending?.(message));
    const raw = (i: number): Promise<unknown> =>
      new Promise((resolve) => {
        pending = resolve;
        echo.postMessage({ type: 'task', index: i });
      });
    const poolTask = (i: number): Promise<number> => session.runTask(i);
    await timePerCall(poolTask); // warm up both sides
    await timePerCall(raw);
    for (let block = 0; block < 3; block += 1) {
      poolUs = Math.min(poolUs, await timePerCall(poolTask));
      rawUs = Math.min(rawUs, await timePerCall(raw));
    }
    await session.close();
    await echo.terminate();
  }
  return {
    poolPerTaskUs: round(poolUs, 1),
    rawPostMessageRoundTripUs: round(rawUs, 1),
    poolOverheadUs: round(poolUs - rawUs, 1),
    poolOverRaw: round(poolUs / rawUs),
  };
}

async function main(): Promise<void> {
  // `npx tsx test/bench/experiments.bench.ts dispatch python` runs only those sections and
  // writes no report; without arguments every section runs and the report is written.
  const only = process.argv.slice(2);
  const section = async <T>(name: string, run: () => Promise<T>): Promise<T | 'skipped'> =>
    only.length === 0 || only.includes(name) ? run() : 'skipped';
  const report = {
    name: 'experiments',
    date: new Date().toISOString(),
    machine: {
      cores,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageAtStart: os.loadavg().map((value) => round(value)),
    },
    cpuBound: await section('cpu', cpuBound),
    ioBound: await section('io', ioBound),
    python: await section('python', pythonGil),
    dispatch: await section('dispatch', dispatchOverhead),
    lanes: await section('lanes', lanes),
  };
  const met = (value: unknown, key: string): boolean | undefined =>
    typeof value === 'object' && value !== null && key in value
      ? Boolean((value as Record<string, unknown>)[key])
      : undefined;
  const targets = Object.fromEntries(
    Object.entries({
      cpuBoundThreadPoolSpeedup: met(report.cpuBound, 'threadPoolSpeedupOk'),
      cpuBoundThreadPoolCoresBusy: met(report.cpuBound, 'threadPoolCoresBusyOk'),
      cpuBoundAsyncStaysAtOneCore: met(report.cpuBound, 'asyncStaysAtOneCore'),
      ioBoundAsyncSpeedup: met(report.ioBound, 'asyncSpeedupOk'),
      pythonThreadsAboutOneCore: met(report.python, 'threadsAboutOneCore'),
      pythonProcessesUseTheCores: met(report.python, 'processesOk'),
      lanesSamplerCost: met(report.lanes, 'samplerCostOk'),
      lanesPythonThreadsTakeTurns: met(report.lanes, 'pythonThreadsOverlapOk'),
      lanesPythonProcessesOverlap: met(report.lanes, 'pythonProcessesOverlapOk'),
      lanesNodeThreadsOverlap: met(report.lanes, 'nodeThreadsOverlapOk'),
    }).filter((entry): entry is [string, boolean] => entry[1] !== undefined),
  );
  const full = {
    ...report,
    loadAverageAtEnd: os.loadavg().map((value) => round(value)),
    targets,
  };
  console.log(JSON.stringify(full, null, 2));
  if (only.length > 0) return;
  const dir = join(appRoot(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'experiments.json'), `${JSON.stringify(full, null, 2)}\n`);
  console.log(`written ${join(dir, 'experiments.json')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
