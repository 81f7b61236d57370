import os from 'node:os';
import { chromium, type LaunchOptions } from '@playwright/test';
import type { ExperimentResult } from '../../../src/shared/experiment-results';
import { browserPid, pageRendererPid } from './page-probes';
import { sleep } from '../../unit/support/os-helpers';
import { cpuWindow, threadCpuWindow } from './proc';
import { round } from './report';
import type { Serve } from './lab';

/**
 * What the page costs while an experiment runs: the moment the lab exists for, when the page
 * competes with the run for the cores. A CPU-bound pool of one worker per core is started from
 * the Experiments tab, as a learner starts it; the page's renderer and serve mode are read from
 * /proc over the run, and the lab's own result says how many cores the run got. Reported, with
 * no target: the figures show what watching costs a lesson.
 *
 * The run's end is read from serve mode, not from the page: Playwright's waiting polls the page
 * (DOM queries, animation frames), which would be counted as the page's own cost.
 */

/** The run started in each round. */
export const RUN_PARAMS = {
  workload: 'cpu',
  model: 'node-worker-pool',
  tasks: 192,
  cpuSize: 200_000,
} as const;

/** One round: a run, and what the page and serve mode used meanwhile. */
export interface RunRound {
  wallSeconds: number;
  /** The page's renderer, % of one core over the run. */
  pagePercent: number;
  pageByThread: Record<string, number>;
  /** Serve mode's own process (its children, the run among them, not counted), % of a core. */
  servePercent: number;
  /** From the lab's result: cores the run kept busy, and what other programs did. */
  runCoresBusy: number;
  otherLoadCores: number | null;
}

/** Waits (asking serve mode, never the page) until no run goes or waits. */
async function untilIdle(serve: Serve, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await serve.call('experiment:get-state', {});
    if (state.running === null && state.queued === 0) return;
    if (Date.now() > deadline) throw new Error('the run did not finish in time');
    await sleep(250);
  }
}

/**
 * `rounds` runs, one after another in one page (each adds a result to the tab, as a lesson
 * does), after `warmUpSeconds` on the Experiments tab.
 */
export async function measureDuringRuns(options: {
  serve: Serve;
  launch: LaunchOptions;
  viewport: { width: number; height: number };
  rounds: number;
  warmUpSeconds: number;
  log: (text: string) => void;
}): Promise<RunRound[]> {
  const { serve, log } = options;
  const browser = await chromium.launch(options.launch);
  try {
    const page = await browser.newPage({ viewport: options.viewport });
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=workload]').selectOption(RUN_PARAMS.workload);
    await panel.locator('select[name=model]').selectOption(RUN_PARAMS.model);
    await panel.locator('input[name=workers]').fill(String(os.cpus().length));
    await panel.locator('input[name=tasks]').fill(String(RUN_PARAMS.tasks));
    await panel.locator('input[name=cpuSize]').fill(String(RUN_PARAMS.cpuSize));
    await panel.getByRole('checkbox', { name: 'Sequential baseline' }).uncheck();
    const renderer = await pageRendererPid(browserPid(), page);
    await sleep(options.warmUpSeconds * 1000);
    const rounds: RunRound[] = [];
    for (let run = 1; run <= options.rounds; run += 1) {
      const known = new Set((await serve.call('experiment:list-results', {})).map((r) => r.runId));
      const cpu = cpuWindow([renderer.pid, serve.pid]);
      const threads = threadCpuWindow(renderer.pid);
      await panel.getByRole('button', { name: 'Start' }).click();
      await sleep(500); // the run is queued by then
      await untilIdle(serve, 120_000);
      const figures = cpu.stop();
      const byThread = threads.stop();
      const results = await serve.call('experiment:list-results', {});
      const result: ExperimentResult | undefined = results.find((r) => !known.has(r.runId));
      if (result === undefined || result.status !== 'ok')
        throw new Error(`run ${run}: it gave no result (${result?.status ?? 'none'})`);
      rounds.push({
        wallSeconds: round(figures.wallMs / 1000),
        pagePercent: round(figures.percentOf(renderer.pid)),
        pageByThread: Object.fromEntries(
          Object.entries(byThread)
            .filter(([, percent]) => percent >= 0.05)
            .map(([name, percent]) => [name, round(percent)]),
        ),
        servePercent: round(figures.percentOf(serve.pid)),
        runCoresBusy: round(result.coresBusy, 2),
        otherLoadCores: result.otherLoadCores === null ? null : round(result.otherLoadCores, 2),
      });
      log(
        `run ${run}: page ${rounds.at(-1)?.pagePercent} % of a core, the run got ` +
          `${rounds.at(-1)?.runCoresBusy} cores`,
      );
      await sleep(2000);
    }
    return rounds;
  } finally {
    await browser.close();
  }
}
