import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../../src/cli/chromium';
import { descendantsOf } from '../../src/core/os/process-tree';
import { appRoot } from '../../src/core/paths';
import { ensureBuilt } from '../unit/support/build';
import {
  browserPid,
  elementCount,
  heapAfterGcMB,
  longTasksBetween,
  pageNow,
  pageRendererPid,
  PROBE_SCRIPT,
  startFrames,
  stopFrames,
} from './renderer/page-probes';
import { startIdleProcesses, startThreadedProcess, measureHtop } from './renderer/population';
import { chromiumProcesses, cpuWindow, processCount, threadCpuWindow } from './renderer/proc';
import { startServe } from './renderer/lab';
import { measureDuringRuns, RUN_PARAMS, type RunRound } from './renderer/during-run';
import {
  printTable,
  summarize,
  targetsOf,
  type Scenario,
  type ScenarioResult,
} from './renderer/report';

/**
 * What the lab's page costs while it watches, measured in Chromium driven by Playwright against
 * real serve mode (the built CLI), next to `htop -d 10` on the same processes in the same run.
 *
 * Scenarios (each in a fresh serve mode and a fresh browser):
 * - default: CPU sampled every 500 ms; the processes the machine has; one Node process with 36
 *   threads (sleeping workers) watched;
 * - stress: CPU every 100 ms; 500 idle `sleep`s added (about 600 processes in all on a quiet
 *   machine: a fixed number added, not a total, so other programs coming and going cannot change
 *   what the lab watches by hundreds); one 101-thread process watched; its heap is read
 *   again 120 s after the first reading.
 * Each: set up, 5 s warm-up, JS heap after GC (t = 0), then in turn, 30 s each:
 *  A. renderer, backend and Chromium CPU from /proc, long tasks, element count at both ends;
 *  B. frame intervals (a requestAnimationFrame loop; it makes frames of its own, so it never
 *     runs during A);
 *  C. htop -d 10 in a pseudo-terminal, its CPU from /proc, the lab still running;
 * then (stress) wait until t = 120 s and read the heap after GC and the element count again.
 * - run: the page on the Experiments tab while a CPU-bound pool of one worker per core runs,
 *   three times (renderer/during-run.ts); reported, with no target.
 * Run alone: npx tsx test/bench/renderer.bench.ts → bench-results/renderer.json
 * BENCH_RENDERER_SECONDS (default 30) sets each window, BENCH_RENDERER_HEAP_SECONDS (default
 * 120) the heap span, BENCH_RENDERER_SCENARIOS (default "default,stress,run") which scenarios run;
 * BENCH_NO_BUILD=1 uses out/ as it is instead of rebuilding a stale build (the report says so).
 */

const WINDOW_SECONDS = Number(process.env['BENCH_RENDERER_SECONDS'] ?? 30);
const HEAP_SECONDS = Number(process.env['BENCH_RENDERER_HEAP_SECONDS'] ?? 120);
const WARM_UP_SECONDS = 5;
const VIEWPORT = { width: 1280, height: 860 };
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // One page, so one renderer besides the blank and spare ones (no extension renderers).
  '--disable-extensions',
];

const SCENARIOS: Scenario[] = [
  {
    name: 'default',
    description: 'CPU every 500 ms, the machine as it is, one 36-thread process watched',
    cpuIntervalMs: 500,
    extraIdleProcesses: 0,
    watchedThreads: 36,
    heapSeconds: null,
  },
  {
    name: 'stress',
    description: 'CPU every 100 ms, 500 idle processes added, one 101-thread process watched',
    cpuIntervalMs: 100,
    extraIdleProcesses: 500,
    watchedThreads: 101,
    heapSeconds: HEAP_SECONDS,
  },
];

/** The version of the Chromium measured, as it reports itself. */
let chromiumVersion = '';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops for everything a scenario started, run last-first in `finally` and on a signal. */
const owned: (() => Promise<unknown>)[] = [];

async function stopOwned(): Promise<void> {
  while (owned.length > 0) {
    const stop = owned.pop() as () => Promise<unknown>;
    await stop().catch((error: unknown) => console.error('cleanup:', error));
  }
}

/** An attribute of the element with a test id, or null when the page has no such element. */
async function attributeIfShown(page: Page, testId: string, name: string): Promise<string | null> {
  const element = page.getByTestId(testId);
  return (await element.count()) > 0 ? element.first().getAttribute(name) : null;
}

async function runScenario(scenario: Scenario, executablePath: string): Promise<ScenarioResult> {
  const log = (text: string): void => console.log(`[${scenario.name}] ${text}`);
  log(`${scenario.description}: starting the watched process…`);
  const watched = await startThreadedProcess(scenario.watchedThreads);
  owned.push(watched.stop);
  const serve = await startServe(appRoot());
  owned.push(serve.stop);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  owned.push(() => browser.close());
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript(PROBE_SCRIPT);
  await page.goto(serve.url);
  // A hidden page draws nothing: its figures would say nothing about the lab.
  const visibility = await page.evaluate<string>('document.visibilityState');
  if (visibility !== 'visible') throw new Error(`the page is ${visibility}, not visible`);
  chromiumVersion = browser.version();
  const processesTab = page.getByRole('tab', { name: 'Processes' });
  if ((await processesTab.count()) > 0) await processesTab.first().click();
  const sampling = await serve.call('sampling:set-interval', {
    intervalMs: scenario.cpuIntervalMs,
  });
  const watchState = await serve.call('processes:watch', { pid: watched.pid });
  if (!watchState.watched.some((entry) => entry.pid === watched.pid))
    throw new Error(`serve mode did not watch pid ${watched.pid}`);

  const browserProcess = browserPid();
  const renderer = await pageRendererPid(browserProcess, page);

  if (scenario.extraIdleProcesses > 0) {
    log(`starting ${scenario.extraIdleProcesses} idle processes…`);
    const idle = await startIdleProcesses(scenario.extraIdleProcesses);
    owned.push(idle.stop);
  }
  log(`renderer pid ${renderer.pid} (of ${renderer.renderers}); warming up ${WARM_UP_SECONDS} s…`);
  await sleep(WARM_UP_SECONDS * 1000);

  const cdp = await page.context().newCDPSession(page);
  const heapStartMB = await heapAfterGcMB(cdp);
  const heapStartedAt = performance.now();
  const elementsAtStart = await elementCount(page);

  log(`A: CPU, long tasks and elements for ${WINDOW_SECONDS} s…`);
  const processesAtStart = processCount();
  const chromiumByPid = new Map(chromiumProcesses(browserProcess).map((p) => [p.pid, p.type]));
  const backendPids = descendantsOf(serve.pid);
  const t0 = await pageNow(page);
  const cpu = cpuWindow([...chromiumByPid.keys(), ...backendPids]);
  const rendererThreads = threadCpuWindow(renderer.pid);
  await sleep(WINDOW_SECONDS * 1000);
  const figures = cpu.stop();
  const rendererByThread = rendererThreads.stop();
  const processesAtEnd = processCount();
  const t1 = await pageNow(page);
  const elementsAtEnd = await elementCount(page);
  await sleep(200); // a long task is reported once it has ended
  const longTasks = await longTasksBetween(page, t0, t1);

  log(`B: frame intervals for ${WINDOW_SECONDS} s…`);
  await startFrames(page);
  const framesCpu = cpuWindow([renderer.pid]);
  await sleep(WINDOW_SECONDS * 1000);
  const frameIntervals = await stopFrames(page);
  const rendererWithFrameLoop = framesCpu.stop().percentOf(renderer.pid);

  log(`C: htop -d 10 for ${WINDOW_SECONDS} s on the same processes…`);
  const htop = await measureHtop(WINDOW_SECONDS);
  if (!htop.measured) log(`htop not measured: ${htop.reason}`);

  const heapSpanMs = (scenario.heapSeconds ?? 0) * 1000;
  const wait = heapSpanMs - (performance.now() - heapStartedAt);
  if (wait > 0) {
    log(
      `waiting ${Math.round(wait / 1000)} s more for the heap reading at ${scenario.heapSeconds} s…`,
    );
    await sleep(wait);
  }
  const heapSeconds = (performance.now() - heapStartedAt) / 1000;
  const heapEndMB = await heapAfterGcMB(cdp);
  const elementsAtHeapEnd = await elementCount(page);
  // Whether the page shows the scenario (read last: the queries make garbage of their own).
  const shownPid = await attributeIfShown(page, 'thread-panel', 'data-pid');
  const status = page.getByTestId('sampling-status');
  const statusText = (await status.count()) > 0 ? await status.first().textContent() : null;

  const byType: Record<string, number> = {};
  for (const [pid, type] of chromiumByPid)
    byType[type] = (byType[type] ?? 0) + figures.percentOf(pid);
  const backendPercent = backendPids.reduce((sum, pid) => sum + figures.percentOf(pid), 0);
  return summarize({
    scenario,
    seconds: figures.wallMs / 1000,
    processes: { windowStart: processesAtStart, windowEnd: processesAtEnd },
    watched: {
      pid: watched.pid,
      threads: watched.threads,
      threadsShownByPage: shownPid === null ? null : shownPid === String(watched.pid),
    },
    cpuInterval: {
      ms: sampling.intervalMs,
      shownByPage: statusText === null ? null : statusText.includes(`${sampling.intervalMs} ms`),
    },
    renderer: {
      pid: renderer.pid,
      renderersFound: renderer.renderers,
      percent: figures.percentOf(renderer.pid),
      percentWithFrameLoop: rendererWithFrameLoop,
      byThread: rendererByThread,
    },
    backendPercent,
    chromiumByType: byType,
    longTasks,
    frameIntervals,
    elements: { atStart: elementsAtStart, atEnd: elementsAtEnd, atHeapEnd: elementsAtHeapEnd },
    heap: { atStartMB: heapStartMB, atEndMB: heapEndMB, seconds: heapSeconds },
    htop,
  });
}

/** The page while experiments run (no target: what watching costs a lesson). */
async function runsWatched(executablePath: string): Promise<{
  description: string;
  params: typeof RUN_PARAMS & { workers: number };
  rounds: RunRound[];
}> {
  const workers = os.cpus().length;
  const description = `${RUN_PARAMS.tasks} CPU-bound tasks on a pool of ${workers} worker threads, Experiments tab`;
  console.log(`[run] ${description}…`);
  try {
    const serve = await startServe(appRoot());
    owned.push(serve.stop);
    const rounds = await measureDuringRuns({
      serve,
      launch: { executablePath, args: CHROMIUM_ARGS },
      viewport: VIEWPORT,
      rounds: 3,
      warmUpSeconds: WARM_UP_SECONDS,
      log: (text) => console.log(`[run] ${text}`),
    });
    return { description, params: { ...RUN_PARAMS, workers }, rounds };
  } finally {
    await stopOwned();
  }
}

async function main(): Promise<void> {
  if (process.platform !== 'linux')
    throw new Error('the renderer benchmark reads /proc: Linux only');
  const executablePath = findChromium();
  if (executablePath === null)
    throw new Error('the renderer benchmark needs Chromium: apt-get install chromium');
  const loadAverageAtStart = os.loadavg();
  const wanted = (process.env['BENCH_RENDERER_SCENARIOS'] ?? 'default,stress,run').split(',');
  const noBuild = process.env['BENCH_NO_BUILD'] === '1';
  if (!noBuild) {
    console.log('building the app if out/ is stale…');
    await ensureBuilt('fresh');
  }
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS.filter((candidate) => wanted.includes(candidate.name))) {
    try {
      results.push(await runScenario(scenario, executablePath));
    } finally {
      await stopOwned();
    }
  }
  const duringRun = wanted.includes('run') ? await runsWatched(executablePath) : null;
  const htopMissing = results.some((result) => !result.htop.measured);
  const report = {
    bench: 'renderer',
    date: new Date().toISOString(),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      loadAverage: os.loadavg(),
      loadAverageAtStart,
      chromium: chromiumVersion,
    },
    build: noBuild ? 'out/ as found (BENCH_NO_BUILD=1)' : 'out/ fresh',
    windowSeconds: WINDOW_SECONDS,
    warmUpSeconds: WARM_UP_SECONDS,
    viewport: VIEWPORT,
    chromiumArgs: CHROMIUM_ARGS,
    scenarios: Object.fromEntries(results.map((result) => [result.name, result])),
    duringRun,
    notes: [
      'CPU figures are % of one core: CPU ms from /proc/PID/stat (utime + stime) per wall ms.',
      "The lab = serve mode (its process, sampler worker thread included, and any children) + the page renderer; Chromium's browser and GPU processes are shown apart.",
      'Frame intervals come from their own window: the requestAnimationFrame loop that measures them makes frames of its own (renderer CPU with the loop is shown apart).',
      'Long tasks and frame intervals also show other programs: on a busy machine the page waits for a core (see machine.loadAverage).',
      ...(htopMissing ? ["htop was not measured (see each scenario's htop.reason)."] : []),
    ],
    targets: targetsOf(results),
  };
  console.log(
    `\nload average ${loadAverageAtStart.map((n) => n.toFixed(2)).join(' ')} at the start, ` +
      `${report.machine.loadAverage.map((n) => n.toFixed(2)).join(' ')} at the end (${report.machine.cores} cores)`,
  );
  if (results.length > 0) printTable(results, report.targets);
  if (duringRun !== null) {
    const pages = duringRun.rounds.map((r) => r.pagePercent).join(', ');
    const cores = duringRun.rounds.map((r) => r.runCoresBusy).join(', ');
    console.log(
      `\nduring a run (${duringRun.description}): page ${pages} % of a core; the run got ${cores} cores`,
    );
  }
  const dir = join(appRoot(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'renderer.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nReport: ${join(dir, 'renderer.json')}`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping everything the benchmark started…`);
    void stopOwned().finally(() => process.exit(130));
  });
}

void main().catch(async (error: unknown) => {
  console.error(error);
  await stopOwned();
  process.exitCode = 1;
});
