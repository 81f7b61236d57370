import type { TFunction } from 'i18next';
import { coreOfChar, stateOfChar, type Lane, type LaneState } from '../../../shared/run-lanes';

/**
 * Where a run's lanes go on a canvas: slices to x, thinned to the pixel width (one bucket per
 * pixel column at most), and the text a screen reader gets instead. Pure, so tests check it.
 */

/** One stretch of a lane drawn as one rectangle: adjacent buckets alike are merged. */
export interface LaneSegment {
  x: number;
  width: number;
  state: LaneState;
  /** The core it ran on (or sat on) most in the stretch; null when unknown. */
  core: number | null;
}

/** The x of slice `slice` when `totalSlices` slices fill `width` pixels. */
export function sliceToX(slice: number, totalSlices: number, width: number): number {
  return totalSlices <= 0 ? 0 : (slice / totalSlices) * width;
}

/** Ties go to the state worth seeing: running, then ready, then blocked, then absent. */
const STATE_ORDER: readonly LaneState[] = ['running', 'ready', 'blocked', 'absent'];

/**
 * A lane's states and cores as segments on `width` pixels, with `totalSlices` slices across
 * (the longest lane, or the longest run when runs are compared). With more slices than pixels,
 * each pixel column shows the state most of its slices had, so the work stays proportional.
 */
export function laneSegments(
  states: string,
  cores: string,
  totalSlices: number,
  width: number,
): LaneSegment[] {
  const columns = Math.max(0, Math.min(totalSlices, Math.floor(width)));
  const segments: LaneSegment[] = [];
  const counts = new Map<LaneState, number>();
  const coreCounts = new Map<number, number>();
  for (let column = 0; column < columns; column += 1) {
    const from = Math.floor((column * totalSlices) / columns);
    const to = Math.floor(((column + 1) * totalSlices) / columns);
    counts.clear();
    for (let slice = from; slice < to; slice += 1) {
      const state = stateOfChar(states[slice] ?? '-');
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    let state: LaneState = 'absent';
    let best = 0;
    for (const candidate of STATE_ORDER) {
      const count = counts.get(candidate) ?? 0;
      if (count > best) [state, best] = [candidate, count];
    }
    coreCounts.clear();
    for (let slice = from; slice < to; slice += 1) {
      if (stateOfChar(states[slice] ?? '-') !== state) continue;
      const core = coreOfChar(cores[slice] ?? '.');
      if (core !== null) coreCounts.set(core, (coreCounts.get(core) ?? 0) + 1);
    }
    let core: number | null = null;
    let coreBest = 0;
    for (const [candidate, count] of coreCounts) {
      if (count > coreBest) [core, coreBest] = [candidate, count];
    }
    const x = sliceToX(from, totalSlices, width);
    const right = sliceToX(to, totalSlices, width);
    const previous = segments.at(-1);
    if (previous !== undefined && previous.state === state && previous.core === core) {
      previous.width = right - previous.x;
    } else {
      segments.push({ x, width: right - x, state, core });
    }
  }
  return segments;
}

/** Where a lane was alive: its first and last present slice, or null if it never was. */
export function laneLife(states: string): { first: number; last: number } | null {
  const first = states.search(/[^-]/);
  if (first < 0) return null;
  let last = states.length - 1;
  while (last > first && states[last] === '-') last -= 1;
  return { first, last };
}

/** Shares (0..1) of a lane's alive slices spent running, ready and blocked. */
export function laneShares(states: string): { running: number; ready: number; blocked: number } {
  let running = 0;
  let ready = 0;
  let blocked = 0;
  for (const char of states) {
    const state = stateOfChar(char);
    if (state === 'running') running += 1;
    else if (state === 'ready') ready += 1;
    else if (state === 'blocked') blocked += 1;
  }
  const alive = running + ready + blocked;
  if (alive === 0) return { running: 0, ready: 0, blocked: 0 };
  return { running: running / alive, ready: ready / alive, blocked: blocked / alive };
}

/** The cores a lane ran on, in order of first use. */
export function laneCores(lane: Pick<Lane, 'states' | 'cores'>): number[] {
  const seen = new Set<number>();
  for (let slice = 0; slice < lane.states.length; slice += 1) {
    if (stateOfChar(lane.states[slice] ?? '-') !== 'running') continue;
    const core = coreOfChar(lane.cores[slice] ?? '.');
    if (core !== null) seen.add(core);
  }
  return [...seen];
}

const pct = (share: number): string => `${Math.round(share * 100)} %`;

/** One lane in words, for the canvas's aria-label, in the language of `t`. */
export function laneSummary(lane: Lane, t: TFunction): string {
  const shares = laneShares(lane.states);
  const cores = laneCores(lane);
  const on =
    cores.length === 0
      ? ''
      : t('experiments.lanes.laneOn', { cores: cores.map((core) => `cpu${core}`).join(', ') });
  return t('experiments.lanes.laneSummary', {
    name: lane.name,
    running: pct(shares.running),
    ready: pct(shares.ready),
    blocked: pct(shares.blocked),
    on,
  });
}

/** The overlap figure in words, in the language of `t`. */
export function overlapText(share: number, t: TFunction): string {
  return t('experiments.lanes.overlap', { share: pct(share) });
}
