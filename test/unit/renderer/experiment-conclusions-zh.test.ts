import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  compareHeadline,
  compareRuns,
  concludeRun,
  runLabel,
  type UnconcludedResult,
} from '../../../src/shared/experiment-conclusions';
import { workSize } from '../../../src/shared/experiment-expectations';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../src/shared/experiment-results';
import { en } from '../../../src/renderer/src/i18n/en';
import { zhCN } from '../../../src/renderer/src/i18n/zh-CN';
import { phrasebookOf } from '../../../src/renderer/src/features/experiments/phrasebook';

/** A real i18next instance with the app's texts, as the renderer sets it up. */
async function translator(language: 'en' | 'zh-CN') {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return phrasebookOf(instance.t);
}

function result(
  params: ExperimentParamsInput,
  figures: Partial<ExperimentResult>,
): ExperimentResult {
  const parsed = experimentParamsSchema.parse(params);
  return {
    runId: 'run-1',
    params: { ...parsed, workers: parsed.workers ?? 2 },
    isBaseline: false,
    status: 'ok',
    error: null,
    startedAt: 0,
    wallMs: 1000,
    cpuMs: 1000,
    userMs: 1000,
    sysMs: 0,
    coresBusy: 1,
    speedup: 1,
    efficiency: 1,
    baselineRunId: null,
    voluntaryCtxSwitches: 10,
    involuntaryCtxSwitches: 10,
    peakRssBytes: 1e8,
    otherLoadCores: 0,
    labCost: null,
    lanes: null,
    tasksPerSec: 64,
    checksum: 1,
    expectedChecksum: 1,
    checksumOk: true,
    parallelWorkers: parsed.workers ?? 2,
    libuvPoolThreads: null,
    python: null,
    logicalCores: 2,
    conclusion: '',
    ...figures,
  };
}

/** Result shapes the lab really produces: each lesson's outcome, and the ways a run goes wrong. */
const SHAPES: Record<string, ExperimentResult> = {
  gil: result(
    { workload: 'cpu', model: 'python-threads', workers: 4 },
    { python: { version: '3.11.2', gilEnabled: true } },
  ),
  parallel: result(
    { workload: 'cpu', model: 'node-worker-pool', workers: 2 },
    { coresBusy: 1.9, speedup: 1.85 },
  ),
  shortfall: result(
    { workload: 'cpu', model: 'node-process-pool', workers: 2, submit: 'apply-async' },
    { coresBusy: 0.6, speedup: 0.5, otherLoadCores: 1.3 },
  ),
  oversubscribed: result(
    { workload: 'cpu', model: 'node-thread-per-task', workers: 64 },
    { coresBusy: 1.9, speedup: 1.8, involuntaryCtxSwitches: 12345, parallelWorkers: 64 },
  ),
  asyncWaits: result({ workload: 'timer', model: 'node-async' }, { coresBusy: 0.02, speedup: 92 }),
  fileReads: result(
    { workload: 'file', model: 'node-async', concurrency: 8 },
    { coresBusy: 0.4, speedup: 0.8, libuvPoolThreads: 4 },
  ),
  blockedLoop: result(
    { workload: 'blocking', model: 'python-asyncio', concurrency: 40, tasks: 40 },
    {
      coresBusy: 0.03,
      speedup: 1,
      lanes: {
        loopDelay: { p50Ms: 50, p99Ms: 1950, maxMs: 2000, count: 40 },
      } as ExperimentResult['lanes'],
    },
  ),
  mixed: result({ workload: 'mixed', model: 'python-gevent', concurrency: 10 }, { speedup: 3 }),
  disturbed: result({ workload: 'cpu', model: 'node-sequential' }, { otherLoadCores: 0.9 }),
  stopped: result(
    { workload: 'cpu', model: 'python-processes', workers: 3 },
    { status: 'stopped' },
  ),
  wrongChecksum: result({ workload: 'echo', model: 'python-selectors' }, { checksumOk: false }),
};

/** Names kept as they are in Chinese: models, APIs, units. */
const KEPT = /Node|Python|asyncio|gevent|greenlet|GIL|CPU|apply|libuv|Event|sleep|KiB|ms|p99|s\b/g;

/** English words left once the kept names are taken out; [] when the text is all Chinese. */
const englishLeft = (text: string): string[] => text.replace(KEPT, '').match(/[A-Za-z]{2,}/g) ?? [];

describe('conclusions in 简体中文', () => {
  it('each result shape reads in Chinese, with no English words but names and units', async () => {
    const zh = await translator('zh-CN');
    for (const [shape, run] of Object.entries(SHAPES)) {
      const text = concludeRun(run, null, zh);
      expect(text, shape).toMatch(/\p{Script=Han}/u);
      expect(text, shape).not.toContain('{{');
      expect(englishLeft(text), `${shape}: ${text}`).toEqual([]);
      expect(englishLeft(workSize(run.params, zh)), shape).toEqual([]);
      expect(englishLeft(runLabel(run.params, zh)), shape).toEqual([]);
    }
    // The figures survive translation: a speedup, a core count, a delay.
    expect(concludeRun(SHAPES['parallel'] as ExperimentResult, null, zh)).toContain('1.9×');
    expect(concludeRun(SHAPES['blockedLoop'] as ExperimentResult, null, zh)).toContain('1.9 s');
  });

  it('the compare headline of runs of two workloads reads in Chinese', async () => {
    const zh = await translator('zh-CN');
    const runs = [
      { ...SHAPES['parallel'], runId: 'a', wallMs: 500 },
      { ...SHAPES['disturbed'], runId: 'b', wallMs: 1000 },
      { ...SHAPES['asyncWaits'], runId: 'c', wallMs: 20 },
      result({ workload: 'timer', model: 'node-sequential' }, { runId: 'd', wallMs: 2000 }),
    ] as ExperimentResult[];
    const workload = (id: string): string => zhCN.experiments.workloads[id as 'cpu'];
    const headline = compareHeadline(runs, zh, workload);
    expect(headline).not.toBeNull();
    for (const line of [headline?.expected ?? '', headline?.observed ?? '']) {
      expect(line).toMatch(/^(预期|实测)：/);
      expect(englishLeft(line), line).toEqual([]);
    }
    expect(compareRuns(runs.slice(0, 1), zh)).toBe(zhCN.experiments.conclusions.compare.chooseTwo);
  });

  it('through i18next, English is the lab’s own sentence, byte for byte', async () => {
    const english = await translator('en');
    for (const [shape, run] of Object.entries(SHAPES)) {
      const unconcluded: UnconcludedResult = run;
      expect(concludeRun(unconcluded, null, english), shape).toBe(concludeRun(unconcluded));
      expect(workSize(run.params, english), shape).toBe(workSize(run.params));
    }
    const pair = [SHAPES['parallel'], { ...SHAPES['gil'], runId: 'g' }] as ExperimentResult[];
    expect(compareHeadline(pair, english)).toEqual(compareHeadline(pair));
  });
});
