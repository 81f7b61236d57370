import { runLabel } from '../../../../shared/experiment-conclusions';
import type { ExperimentResult } from '../../../../shared/experiment-results';
import { IPC_MECHANISM_LABELS } from '../../../../shared/ipc-mechanisms';
import type { IpcResults, RaceResult } from '../../../../shared/ipc-results';
import { formatBytes, formatCount, formatFraction, formatRatio } from '../../lib/format';
import type { TopicId } from './topics';

/** What the lab has measured so far, for the notes' figures. */
export interface NoteData {
  /** Experiment results, oldest first. */
  results: readonly ExperimentResult[];
  ipc: IpcResults | null;
}

/** The values a note's figure text is filled with; a note without any shows how to measure. */
export type NoteFigures = Partial<Record<TopicId, Record<string, string>>>;

/** Most mechanisms named in the IPC note's figure: the fastest ones, so it stays one line. */
const MECHANISMS_LISTED = 5;

const newest = <T>(list: readonly T[], keep: (item: T) => boolean): T | undefined =>
  [...list].reverse().find(keep);

/** Microseconds as a plain figure: "12.3", "812". */
const micros = (us: number): string => (us >= 100 ? us.toFixed(0) : us.toFixed(1));

function overlapFigure(results: readonly ExperimentResult[]): Record<string, string> | undefined {
  const run = newest(results, (r) => r.status === 'ok' && (r.lanes ?? null) !== null);
  if (run?.lanes == null) return undefined;
  return { run: runLabel(run.params), share: formatFraction(run.lanes.overlapShare) };
}

function gilFigure(results: readonly ExperimentResult[]): Record<string, string> | undefined {
  const run = newest(
    results,
    (r) =>
      r.status === 'ok' &&
      r.params.model === 'python-threads' &&
      r.params.workload === 'cpu' &&
      r.speedup !== null,
  );
  if (run === undefined || run.speedup === null) return undefined;
  return { run: runLabel(run.params), speedup: formatRatio(run.speedup).replace('×', '') };
}

function loopFigure(results: readonly ExperimentResult[]): Record<string, string> | undefined {
  const run = newest(results, (r) => r.status === 'ok' && (r.lanes?.loopDelay ?? null) !== null);
  const delay = run?.lanes?.loopDelay;
  if (run === undefined || delay == null) return undefined;
  return { run: runLabel(run.params), p99: delay.p99Ms.toFixed(delay.p99Ms >= 10 ? 0 : 1) };
}

function compareFigures(ipc: IpcResults | null): NoteFigures {
  const compare = newest(ipc?.compares ?? [], (c) => c.entries.some((e) => e.roundTrip !== null));
  if (compare === undefined) return {};
  const timed = compare.entries
    .map((entry) => ({ entry, p50: entry.roundTrip?.mechanism.p50Us ?? null }))
    .filter((row): row is { entry: (typeof row)['entry']; p50: number } => row.p50 !== null)
    .sort((a, b) => a.p50 - b.p50);
  const figures: NoteFigures = {};
  if (timed.length > 0) {
    figures.ipcMechanisms = {
      size: formatBytes(compare.sizeBytes),
      list: timed
        .slice(0, MECHANISMS_LISTED)
        .map(({ entry, p50 }) => `${IPC_MECHANISM_LABELS[entry.mechanism].label} ${micros(p50)} µs`)
        .join(', '),
    };
  }
  // The bare pipe baseline: a round trip with nothing but two writes, two reads and the switches.
  const pipe = compare.entries.find((entry) => entry.mechanism === 'pipe')?.roundTrip;
  const bare = pipe?.baseline.p50Us ?? null;
  if (bare !== null) figures.contextSwitch = { roundTrip: micros(bare), half: micros(bare / 2) };
  return figures;
}

function raceFigure(races: readonly RaceResult[][]): Record<string, string> | undefined {
  const last = races.at(-1);
  const worst = [...(last ?? [])]
    .filter((race) => race.error === undefined)
    .sort((a, b) => b.lostUpdates - a.lostUpdates)[0];
  if (worst === undefined) return undefined;
  return {
    lost: formatCount(worst.lostUpdates),
    expected: formatCount(worst.expected),
    mode: `${worst.runtime ?? 'node'} ${worst.mode}, ${worst.workers}×`,
  };
}

/** The release spreads of the newest Event run and the newest Condition run, when both exist. */
function releaseFigure(results: readonly ExperimentResult[]): Record<string, string> | undefined {
  const spread = (workload: 'event' | 'condition'): number | undefined =>
    newest(
      results,
      (r) =>
        r.status === 'ok' &&
        r.params.workload === workload &&
        r.python?.releaseSpreadMs !== undefined,
    )?.python?.releaseSpreadMs;
  const event = spread('event');
  const condition = spread('condition');
  if (event === undefined || condition === undefined) return undefined;
  return { event: String(Math.round(event)), condition: String(Math.round(condition)) };
}

/** The figures every note can show from what the lab has measured; absent where nothing fits. */
export function noteFigures(data: NoteData): NoteFigures {
  const figures: NoteFigures = { ...compareFigures(data.ipc) };
  const overlap = overlapFigure(data.results);
  if (overlap) figures.concurrencyParallelism = overlap;
  const gil = gilFigure(data.results);
  if (gil) figures.gil = gil;
  const loop = loopFigure(data.results);
  if (loop) figures.eventLoop = loop;
  const race = raceFigure(data.ipc?.races ?? []);
  if (race) figures.locksRaces = race;
  const release = releaseFigure(data.results);
  if (release) figures.eventCondition = release;
  return figures;
}
