import type { ExperimentResult } from './experiment-results';
import type { ResolvedExperimentParams } from './experiment-params';
import type { Workload } from './experiment-models';
import { WORKLOAD_LABELS, isAsyncModel, isSequentialModel } from './experiment-models';
import { blocksLoop, expectedSpeedup, gilSerializes, isDisturbed } from './experiment-expectations';
import { formatCount } from './count-format';
import { englishPhrases, type Phrasebook } from './experiment-phrases';

/**
 * Plain-language conclusions: one sentence per run (kept with its result) and one per
 * comparison of chosen runs (the compare view). Pure functions of the measured figures; the
 * words come from a phrasebook (English unless one is given, so the renderer can say them in
 * Chinese).
 */

/** A result before its conclusion is written. */
export type UnconcludedResult = Omit<ExperimentResult, 'conclusion'>;

/** "1.0", "0.03": one decimal, more for small figures. */
export function formatCores(cores: number): string {
  return cores >= 0.095 ? cores.toFixed(1) : cores.toFixed(2);
}

function coresPhrase(cores: number, p: Phrasebook): string {
  const text = formatCores(cores);
  return p(text === '1.0' ? 'run.coresBusy1' : 'run.coresBusy', { cores: text });
}

function times(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Speedups inside this band read "about as fast": closer than that is measurement noise. */
export const FASTER = 1.15;
/** The band's lower edge (about 1 / FASTER). */
export const SLOWER = 0.87;

/** A short name for a run's model and size: "4 worker threads", "async, 100 in flight". */
export function runLabel(params: ResolvedExperimentParams, p: Phrasebook = englishPhrases): string {
  const n = params.workers;
  const apply = params.submit === 'apply' ? p('label.apply') : '';
  const { concurrency } = params;
  const counted = (key: string): string => p(`label.${key}${n === 1 ? '1' : ''}`, { n, apply });
  switch (params.model) {
    case 'node-sequential':
      return p('label.nodeSequential');
    case 'node-async':
      return p('label.nodeAsync', { concurrency });
    case 'node-worker-pool':
      return counted('nodeWorkerPool');
    case 'node-process-pool':
      return counted('nodeProcessPool');
    case 'node-thread-per-task':
      return p('label.nodeThreadPerTask', { n });
    case 'node-process-per-task':
      return p('label.nodeProcessPerTask', { n });
    case 'python-sequential':
      return p('label.pythonSequential');
    case 'python-threads':
      return counted('pythonThreads');
    case 'python-custom-pool':
      return counted('pythonCustomPool');
    case 'python-processes':
      return counted('pythonProcesses');
    case 'python-selectors':
      return p('label.pythonSelectors', { concurrency });
    case 'python-asyncio':
      return p('label.pythonAsyncio', { concurrency });
    case 'python-gevent':
      return p('label.pythonGevent', { concurrency });
  }
}

/** The measured effect in words; the sign always follows the speedup (faster only above 1). */
function verdict(speedup: number, p: Phrasebook): string {
  if (speedup >= FASTER) return p('run.faster', { times: times(speedup) });
  if (speedup <= SLOWER) return p('run.slower', { times: times(1 / speedup) });
  return p('run.aboutAsFast');
}

function speedupClause(result: UnconcludedResult, p: Phrasebook): string {
  if (result.speedup === null || isSequentialModel(result.params.model)) return '';
  return p('run.speedupClause', { verdict: verdict(result.speedup, p) });
}

function otherPrograms(result: Pick<ExperimentResult, 'otherLoadCores'>, p: Phrasebook): string {
  return p('run.otherPrograms', { busy: coresPhrase(result.otherLoadCores ?? 0, p) });
}

/** What was measured about the baseline a run's speedup divides by. */
export type BaselineFigures = Pick<ExperimentResult, 'otherLoadCores'>;

/** Why a run that should not have gained did: the likeliest cause, from the figures. */
function unexpectedGainCause(
  result: UnconcludedResult,
  baseline: BaselineFigures | null,
  p: Phrasebook,
): string {
  if (baseline !== null && isDisturbed(baseline)) {
    return p('run.baselineSlowed', { others: otherPrograms(baseline, p) });
  }
  if (gilSerializes(result) && result.coresBusy > 1.3) return p('run.noGilParallel');
  if (gilSerializes(result) && result.python?.gilEnabled !== true) return p('run.maybeNoGil');
  return p('run.likelySlowedBaseline');
}

/** Why overlapping or parallel workers gained less than the lesson predicts. */
function shortfallCause(result: UnconcludedResult, usable: number, p: Phrasebook): string {
  const startup = result.workerStartupMs ?? null;
  if (isDisturbed(result)) return otherPrograms(result, p);
  if (startup !== null && startup >= 0.25 * result.wallMs) {
    return p('run.startupCost', { workers: result.parallelWorkers, time: seconds(startup) });
  }
  if (result.coresBusy < 0.75 * usable) return p('run.tooFewTasks');
  return p('run.tooSmall', { workers: result.parallelWorkers });
}

/** "<who> kept 2.0 cores busy, 1.9× faster than one at a time". */
function keptBusy(result: UnconcludedResult, who: string, p: Phrasebook): string {
  const busy = coresPhrase(result.coresBusy, p);
  return p('run.kept', { who, busy, speedup: speedupClause(result, p) });
}

/** The lesson, and the hint of what it should have held to, of a run that cannot gain. */
function noGainLesson(result: UnconcludedResult, gil: boolean, p: Phrasebook): [string, string] {
  if (gil) return [p('run.lessonGil'), p('run.shouldGil')];
  if (isAsyncModel(result.params.model)) return [p('run.lessonAsync'), p('run.shouldAsync')];
  return [p('run.lessonApply'), p('run.shouldApply')];
}

function cpuConclusion(
  result: UnconcludedResult,
  who: string,
  baseline: BaselineFigures | null,
  p: Phrasebook,
): string {
  const { params, coresBusy, speedup } = result;
  const busy = keptBusy(result, who, p);
  if (isSequentialModel(params.model)) return p('run.oneCore', { busy });
  const expected = expectedSpeedup(result);
  const gil = gilSerializes(result);
  if (gil || isAsyncModel(params.model) || params.submit === 'apply') {
    const [lesson, should] = noGainLesson(result, gil, p);
    const gainLimit = gil ? 1.2 : FASTER;
    if (speedup !== null && speedup > gainLimit) {
      const cause = unexpectedGainCause(result, baseline, p);
      return p('run.unexpectedGain', { busy, should, cause });
    }
    if (speedup !== null && speedup <= SLOWER && isDisturbed(result)) {
      return p('run.lessonAndOthers', { busy, lesson, others: otherPrograms(result, p) });
    }
    return p('run.lessonOnly', { busy, lesson });
  }
  if (result.parallelWorkers > 2 * result.logicalCores) {
    const switches = formatCount(result.involuntaryCtxSwitches);
    return p('run.oversubscribed', { busy, cores: result.logicalCores, switches });
  }
  const usable = Math.min(result.parallelWorkers, result.logicalCores);
  if (params.tasks < usable) {
    const key = params.tasks === 1 ? 'run.tooFewTasksFor1' : 'run.tooFewTasksFor';
    return p(key, { busy, tasks: params.tasks, usable });
  }
  const shortfall = speedup !== null ? speedup < 0.75 * expected : coresBusy < 0.75 * usable;
  const met =
    params.model === 'python-threads' || params.model === 'python-custom-pool'
      ? p('run.metNoGil')
      : p('run.metParallel');
  if (!shortfall) return p('run.met', { busy, met });
  const head =
    coresBusy < 0.75 * usable
      ? p('run.keptOnly', {
          who,
          cores: formatCores(coresBusy),
          usable,
          speedup: speedupClause(result, p),
        })
      : busy;
  const got = speedup === null ? '' : p('run.got', { times: times(speedup) });
  const cause = shortfallCause(result, usable, p);
  return p('run.shortfall', { head, times: times(expected), usable, got, cause });
}

/** Why overlapped waits gained less than they should have. */
function ioShortfallWhy(result: UnconcludedResult, p: Phrasebook): string {
  const startup = result.workerStartupMs ?? null;
  const slowStart = startup !== null && startup >= 0.25 * result.wallMs;
  if (isDisturbed(result) && !slowStart) return otherPrograms(result, p);
  if (startup !== null && slowStart) {
    return p('run.startupOutweighed', { workers: result.parallelWorkers, time: seconds(startup) });
  }
  return isAsyncModel(result.params.model) ? p('run.ownWork') : p('run.handing');
}

function ioConclusion(result: UnconcludedResult, who: string, p: Phrasebook): string {
  const { params, coresBusy, speedup } = result;
  const busy = coresPhrase(coresBusy, p);
  const clause = speedupClause(result, p);
  const pool =
    result.libuvPoolThreads !== null
      ? p('run.libuvPool', { threads: result.libuvPoolThreads })
      : '';
  if (blocksLoop(params)) {
    const delay = result.lanes?.loopDelay;
    const late =
      delay === null || delay === undefined
        ? ''
        : p('run.loopLate', { time: seconds(delay.p99Ms) });
    return p('run.blocked', { who, busy, speedup: clause, late });
  }
  if (expectedSpeedup(result) <= 1) {
    return p('run.waitedInTurn', { who, busy, speedup: clause, pool });
  }
  if (speedup === null || speedup >= FASTER) {
    return p('run.overlapped', { who, busy, speedup: clause, pool });
  }
  const why = ioShortfallWhy(result, p);
  return p('run.finished', { who, verdict: verdict(speedup, p), busy, why, pool });
}

function mixedConclusion(result: UnconcludedResult, who: string, p: Phrasebook): string {
  const busy = keptBusy(result, who, p);
  const expected = expectedSpeedup(result);
  if (result.speedup !== null && expected > 1 && result.speedup < SLOWER) {
    const usable = Math.min(result.parallelWorkers, result.logicalCores);
    return p('run.mixedShortfall', { busy, cause: shortfallCause(result, usable, p) });
  }
  return p('run.mixed', { busy });
}

/** The ⚠ flag a disturbed run's conclusion ends with, unless its cause already says so. */
function disturbedFlag(result: UnconcludedResult, sentence: string, p: Phrasebook): string {
  const others = otherPrograms(result, p);
  if (!isDisturbed(result) || sentence.includes(others)) return sentence;
  return p('run.disturbed', { sentence, others });
}

/**
 * The one-line conclusion of a finished run. `baseline` is the one-at-a-time run its speedup
 * divides by, when known: a slowed baseline explains a gain the lesson does not predict.
 */
export function concludeRun(
  result: UnconcludedResult,
  baseline: BaselineFigures | null = null,
  p: Phrasebook = englishPhrases,
): string {
  const who = runLabel(result.params, p);
  if (result.status === 'stopped')
    return p('run.stopped', { who, error: result.error ?? p('run.stopDefault') });
  if (result.status === 'timeout')
    return p('run.timeout', { who, error: result.error ?? p('run.timeoutDefault') });
  if (result.status === 'failed')
    return p('run.failed', { who, error: result.error ?? p('run.failedDefault') });
  if (!result.checksumOk) {
    return p('run.wrongChecksum', {
      who,
      checksum: String(result.checksum),
      expected: String(result.expectedChecksum),
    });
  }
  const sentence =
    result.params.workload === 'cpu'
      ? cpuConclusion(result, who, baseline, p)
      : result.params.workload === 'mixed'
        ? mixedConclusion(result, who, p)
        : ioConclusion(result, who, p);
  return disturbedFlag(result, sentence + releaseClause(result, p), p);
}

/** Event and condition runs: how far apart the workers left the wait (the lesson's figure). */
function releaseClause(result: UnconcludedResult, p: Phrasebook): string {
  const spread = result.python?.releaseSpreadMs;
  if (spread === undefined) return '';
  if (result.params.workload === 'event') return p('run.releasedEvent', { time: seconds(spread) });
  if (result.params.workload === 'condition')
    return p('run.releasedCondition', { time: seconds(spread) });
  return '';
}

/** Two lines over the compare view: what the lessons predict, and what was measured. */
export interface CompareHeadline {
  expected: string;
  observed: string;
}

function sameWork(a: ResolvedExperimentParams, b: ResolvedExperimentParams): boolean {
  return (
    a.workload === b.workload &&
    a.tasks === b.tasks &&
    a.cpuSize === b.cpuSize &&
    a.latencyMs === b.latencyMs &&
    a.fileKiB === b.fileKiB
  );
}

function listOf(labels: readonly string[], p: Phrasebook): string {
  if (labels.length <= 1) return labels.join('');
  const list = labels.slice(0, -1).join(p('compare.listSeparator'));
  return p('compare.listLast', { list, last: labels[labels.length - 1] ?? '' });
}

function expectedOf(group: readonly ExperimentResult[], p: Phrasebook): string {
  const parallel = group.filter((r) => !isSequentialModel(r.params.model));
  const labels = (runs: readonly ExperimentResult[]): string =>
    listOf(
      runs.map((r) => runLabel(r.params, p)),
      p,
    );
  if (parallel.length === 0) return p('compare.allSequential');
  const best = Math.max(...parallel.map(expectedSpeedup));
  if (best <= 1) return p('compare.noneFaster', { list: labels(parallel) });
  const top = parallel.filter((r) => expectedSpeedup(r) >= 0.75 * best);
  const flat = parallel.filter((r) => expectedSpeedup(r) <= 1);
  const key = group[0]?.params.workload === 'cpu' ? 'compare.fastestAbout' : 'compare.fastestUpTo';
  const flatText = flat.length === 0 ? '' : p('compare.noFaster', { list: labels(flat) });
  return p(key, { list: labels(top), times: times(best), flat: flatText });
}

function observedOf(group: readonly ExperimentResult[], p: Phrasebook): string {
  const byWall = [...group].sort((a, b) => a.wallMs - b.wallMs);
  const fastest = byWall[0];
  const slowest = byWall[byWall.length - 1];
  if (fastest === undefined || slowest === undefined) return '';
  if (fastest === slowest) return p('compare.alone', { run: runLabel(fastest.params, p) });
  const ratio = slowest.wallMs / Math.max(fastest.wallMs, 1e-6);
  const how =
    ratio >= FASTER ? p('compare.fasterThan', { times: times(ratio) }) : p('compare.aboutAsFastAs');
  const best = Math.max(...group.map(expectedSpeedup));
  const asExpected = best <= 1 || expectedSpeedup(fastest) >= 0.75 * best;
  return p('compare.observed', {
    fastest: runLabel(fastest.params, p),
    how,
    slowest: runLabel(slowest.params, p),
    busy: coresPhrase(fastest.coresBusy, p),
    cores: formatCores(slowest.coresBusy),
    unexpected: asExpected ? '' : p('compare.notPredicted'),
  });
}

/**
 * Expected and observed outcome of chosen runs, per workload; null with fewer than two.
 * `workloadLabel` names a workload when runs of several are compared.
 */
export function compareHeadline(
  results: readonly ExperimentResult[],
  p: Phrasebook = englishPhrases,
  workloadLabel: (workload: Workload) => string = (workload) => WORKLOAD_LABELS[workload],
): CompareHeadline | null {
  const ok = results.filter((r) => r.status === 'ok');
  if (ok.length < 2) return null;
  const groups = new Map<string, ExperimentResult[]>();
  for (const r of ok) groups.set(r.params.workload, [...(groups.get(r.params.workload) ?? []), r]);
  const named = groups.size > 1;
  const part = (text: (g: ExperimentResult[], p: Phrasebook) => string): string =>
    [...groups.values()]
      .map((g) => {
        const body = text(g, p);
        const workload = workloadLabel(g[0]?.params.workload ?? 'cpu');
        return named ? p('compare.named', { workload, text: body }) : body;
      })
      .join(p('compare.partSeparator'));
  const differs = [...groups.values()].some((g) =>
    g.some((r) => g[0] !== undefined && !sameWork(r.params, g[0].params)),
  );
  const disturbed = ok.filter(isDisturbed).length;
  const caveats = [
    differs ? p('compare.differs') : '',
    disturbed === 0 ? '' : p('compare.disturbed', { n: disturbed }),
  ].join('');
  return {
    expected: p('compare.expected', { text: part(expectedOf) }),
    observed: p('compare.observedLine', { text: part(observedOf), caveats }),
  };
}

/** One line comparing chosen runs: "Expected … / Observed …". */
export function compareRuns(
  results: readonly ExperimentResult[],
  p: Phrasebook = englishPhrases,
): string {
  const headline = compareHeadline(results, p);
  if (headline === null) return p('compare.chooseTwo');
  return p('compare.both', { expected: headline.expected, observed: headline.observed });
}
