import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import {
  RunLanesSampler,
  TICK_MS,
  type LaneSource,
} from '../../src/core/experiments/lab/run-lanes-sampler';

/**
 * What sampling a run's threads into lanes costs the lab, wherever the sampling happens: the
 * native helper's CPU (its process's schedstat) or the sampling thread's (its thread's), plus
 * what the main thread spends beyond idle (the batches it takes in). Each round measures, back
 * to back on the same machine: idle; an empty timer and an empty futex wait waking as often (the
 * floor of each way to wake in Node); the sampler with its native helper (the default where it
 * was built); on its own thread; and on the main thread (how it first ran).
 */

const WINDOW_MS = 6000;
const INTERVAL_MS = TICK_MS;

/** CPU time of one thread of this process so far, ns (0 once it is gone). */
function threadNs(tid: number): number {
  return schedstatNs(`/proc/self/task/${tid}/schedstat`);
}

/** The run time in a schedstat file, ns (0 once it is gone). */
function schedstatNs(path: string): number {
  try {
    return Number(readFileSync(path, 'latin1').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** The tid of this process's thread named `name`, or null. */
function threadNamed(name: string): number | null {
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === name) return Number(tid);
    } catch {
      // ended meanwhile
    }
  }
  return null;
}

/**
 * CPU over `ms` in % of a core: the main thread, the other thread `tid` of this process or the
 * single-threaded helper process `helperPid` (if any), and this process.
 */
async function cpuOver(
  ms: number,
  tid: number | null = null,
  helperPid: number | null = null,
): Promise<{ main: number; thread: number; process: number }> {
  const otherNs = (): number =>
    helperPid !== null
      ? schedstatNs(`/proc/${helperPid}/schedstat`)
      : tid === null
        ? 0
        : threadNs(tid);
  const main0 = threadNs(process.pid);
  const thread0 = otherNs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  const percent = (ns: number): number => (100 * ns) / 1e6 / wallMs;
  return {
    main: percent(threadNs(process.pid) - main0),
    thread: tid === null && helperPid === null ? 0 : percent(otherNs() - thread0),
    process: percent((used.user + used.system) * 1000),
  };
}

/** A thread that only sleeps on a futex with a tick's timeout, and posts its tid first. */
async function emptyFutexThread(): Promise<{ tid: number; stop: () => Promise<number> }> {
  const control = new SharedArrayBuffer(4);
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const c = new Int32Array(workerData);
     parentPort.postMessage(require('node:fs').readlinkSync('/proc/thread-self'));
     while (Atomics.load(c, 0) === 0) Atomics.wait(c, 0, 0, ${INTERVAL_MS});`,
    { eval: true, workerData: control },
  );
  const self = await new Promise<string>((resolve) => worker.once('message', resolve));
  return {
    tid: Number(self.split('/').at(-1)),
    stop: async () => {
      Atomics.store(new Int32Array(control), 0, 1);
      Atomics.notify(new Int32Array(control), 0);
      return worker.terminate();
    },
  };
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** One round's figures, % of a core beyond idle (the main thread's idle is subtracted). */
interface Round {
  loadAverage1m: number;
  emptyTimer: number;
  emptyFutex: number;
  /** The sampler with its native helper: the helper, plus the main thread's extra. */
  nativeSampler: number | null;
  nativeSamplerMainPart: number | null;
  nativeSamplesPerSec: number | null;
  /** The sampler on its own thread: that thread, plus the main thread's extra. */
  threadSampler: number;
  threadSamplerMainPart: number;
  threadSamplesPerSec: number;
  mainSampler: number;
  mainSamplesPerSec: number;
  threads: number;
}

/** A sampler over `pid` for one window, its ticks from `source`; its cost beyond idle, rate, lanes. */
async function samplerWindow(
  pid: number,
  source: LaneSource,
  idleMain: number,
): Promise<{ cost: number; mainPart: number; perSec: number; threads: number }> {
  const sampler = new RunLanesSampler({
    runId: 'bench',
    python: false,
    emit: () => undefined,
    ...(process.env['LANES_UPDATE_MS'] ? { updateMs: Number(process.env['LANES_UPDATE_MS']) } : {}),
    mainThreadOnly: source === 'main',
    native: source === 'native',
  });
  sampler.setPids([pid]);
  sampler.start();
  await sampler.ready;
  if (sampler.source !== source) throw new Error(`sampler took ${sampler.source}, not ${source}`);
  const tid = source === 'thread' ? threadNamed('lane-sampler') : null;
  if (source === 'thread' && tid === null) throw new Error('no lane-sampler thread');
  const ticks0 = sampler.ticks;
  const t0 = performance.now();
  const cpu = await cpuOver(WINDOW_MS, tid, sampler.helperPid);
  const kept = await sampler.finish();
  const perSec = ((sampler.ticks - ticks0) * 1000) / (performance.now() - t0);
  await sampler.closed;
  const mainPart = cpu.main - idleMain;
  return { cost: cpu.thread + mainPart, mainPart, perSec, threads: kept.lanes.length };
}

/** Whether the native helper was built (the sampler falls back to its thread without it). */
async function nativeBuilt(): Promise<boolean> {
  const probe = new RunLanesSampler({ runId: 'probe', python: false });
  probe.setPids([process.pid]);
  probe.start();
  await probe.ready;
  const source = probe.source;
  await probe.finish();
  await probe.closed;
  return source === 'native';
}

/** Rounds of the A/B above against the run `pid` (its threads must be up). */
export async function samplerCost(pid: number, rounds = 3): Promise<Record<string, unknown>> {
  const all: Round[] = [];
  const native = await nativeBuilt();
  if (!native)
    console.log('  the native helper was not built (no C compiler?): thread and main only');
  for (let r = 0; r < rounds; r += 1) {
    const load = os.loadavg()[0] ?? 0;
    const idle = await cpuOver(WINDOW_MS);
    const timer = setInterval(() => undefined, INTERVAL_MS);
    const timerCpu = await cpuOver(WINDOW_MS);
    clearInterval(timer);
    const futex = await emptyFutexThread();
    const futexCpu = await cpuOver(WINDOW_MS, futex.tid);
    await futex.stop();
    const onHelper = native ? await samplerWindow(pid, 'native', idle.main) : null;
    const onThread = await samplerWindow(pid, 'thread', idle.main);
    const onMain = await samplerWindow(pid, 'main', idle.main);
    const figures: Round = {
      loadAverage1m: round(load, 2),
      emptyTimer: round(timerCpu.main - idle.main),
      emptyFutex: round(futexCpu.thread + futexCpu.main - idle.main),
      nativeSampler: onHelper === null ? null : round(onHelper.cost),
      nativeSamplerMainPart: onHelper === null ? null : round(onHelper.mainPart),
      nativeSamplesPerSec: onHelper === null ? null : round(onHelper.perSec, 1),
      threadSampler: round(onThread.cost),
      threadSamplerMainPart: round(onThread.mainPart),
      threadSamplesPerSec: round(onThread.perSec, 1),
      mainSampler: round(onMain.cost),
      mainSamplesPerSec: round(onMain.perSec, 1),
      threads: onThread.threads,
    };
    all.push(figures);
    const helperText =
      figures.nativeSampler === null
        ? ''
        : `native helper ${figures.nativeSampler} % of a core at ${figures.nativeSamplesPerSec}/s ` +
          `(main thread's part ${figures.nativeSamplerMainPart} %); `;
    console.log(
      `  round ${r + 1}: ${figures.threads} threads; ${helperText}sampling thread ` +
        `${figures.threadSampler} % at ${figures.threadSamplesPerSec}/s (main thread's part ` +
        `${figures.threadSamplerMainPart} %); on the main thread ${figures.mainSampler} % at ` +
        `${figures.mainSamplesPerSec}/s; empty wake-ups as often: futex ${figures.emptyFutex} %, ` +
        `timer ${figures.emptyTimer} % [load average ${figures.loadAverage1m}]`,
    );
  }
  const pick = (key: keyof Round): number => round(median(all.map((f) => f[key] ?? Number.NaN)));
  // What the lab uses: the helper where it was built, else the sampling thread.
  const used = native ? 'native' : 'thread';
  const percentOfCore = pick(native ? 'nativeSampler' : 'threadSampler');
  const samplesPerSec = round(
    median(all.map((f) => (native ? (f.nativeSamplesPerSec ?? 0) : f.threadSamplesPerSec))),
    1,
  );
  return {
    threads: all[0]?.threads ?? 0,
    used,
    samplesPerSec,
    percentOfCore,
    mainThreadPartPercent: pick(native ? 'nativeSamplerMainPart' : 'threadSamplerMainPart'),
    nativePercent: native ? pick('nativeSampler') : null,
    samplingThreadPercent: pick('threadSampler'),
    onMainThreadPercent: pick('mainSampler'),
    emptyFutexPercentOfCore: pick('emptyFutex'),
    emptyTimerPercentOfCore: pick('emptyTimer'),
    loadAverage1m: round(median(all.map((f) => f.loadAverage1m)), 2),
    rounds: all,
    ok: percentOfCore <= 0.5 && samplesPerSec >= 20,
  };
}
