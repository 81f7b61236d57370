import type { ThreadsSample } from '../../../../shared/sampling';

/** A process the lab started, as the thread panel names it while following it. */
export interface LabProcess {
  key: string;
  pid: number;
  name: string;
  /** The lab feature that started it ('experiment', 'ipc', …). */
  source: string;
}

/**
 * What "follow the newest lab process" has seen. Lab processes are the tracked ones in the
 * thread samples (the sampler watches every process the lab starts); one counts as new the
 * first time a sample holds it, so the order of appearance is the order the lab started them.
 */
export interface FollowState {
  /**
   * The newest lab process seen: the one followed, and kept after it ends (the panel keeps
   * its last rows) until a newer one appears. Seen while following was off too, so turning
   * it back on jumps straight to it.
   */
  newest: LabProcess | null;
  /** Keys of lab processes already counted, so each is new only once. */
  seen: ReadonlySet<string>;
  /** monotonicMs of the newest sample read at the last change; older ones are not read again. */
  lastMs: number | null;
}

/** Nothing seen yet. */
export const INITIAL_FOLLOW: FollowState = {
  newest: null,
  seen: new Set(),
  lastMs: null,
};

/** Start time of a process by key, ms, where the process table knows it (orders a tie). */
export type StartOf = (key: string) => number | null;

/**
 * Reads the samples not read before: the last lab process to appear becomes `newest`.
 * Returns the same object when nothing changed.
 */
export function observeLabProcesses(
  state: FollowState,
  samples: readonly ThreadsSample[],
  startOf: StartOf = () => null,
): FollowState {
  const newestMs = samples.at(-1)?.monotonicMs;
  if (newestMs === undefined) return state;
  // A replay that seeks back starts the clock again: read the window afresh.
  const lastMs = state.lastMs !== null && newestMs < state.lastMs ? null : state.lastMs;
  const seen = new Set(state.seen);
  let newest = state.newest;
  for (const sample of samples) {
    if (lastMs !== null && sample.monotonicMs <= lastMs) continue;
    const fresh: LabProcess[] = [];
    for (const process of sample.processes) {
      if (process.trackedBy === null || seen.has(process.key)) continue;
      seen.add(process.key);
      fresh.push({
        key: process.key,
        pid: process.pid,
        name: process.name,
        source: process.trackedBy,
      });
    }
    newest = latestStarted(fresh, startOf) ?? newest;
  }
  // Only keys still in the window can show up again; the rest ended long ago.
  const inWindow = new Set(samples.flatMap((sample) => sample.processes.map((p) => p.key)));
  const kept = new Set([...seen].filter((key) => inWindow.has(key)));
  // Unchanged: keep the object (and an older lastMs; re-reading those samples finds nothing
  // new), so the panel does not render twice for every tick.
  if (newest === state.newest && kept.size === state.seen.size) return state;
  return { newest, seen: kept, lastMs: newestMs };
}

/**
 * The key the thread panel shows: while following, the newest lab process (if any yet);
 * otherwise `pinned`, the process a user picked by hand, which lab processes never replace.
 */
export function shownProcessKey(
  state: FollowState,
  following: boolean,
  pinned: string | null,
): string | null {
  return (following ? state.newest?.key : null) ?? pinned;
}

/** Of processes that appeared in one sample, the one started last (then highest pid). */
function latestStarted(fresh: readonly LabProcess[], startOf: StartOf): LabProcess | null {
  let best: LabProcess | null = null;
  for (const candidate of fresh) {
    if (best === null) {
      best = candidate;
      continue;
    }
    const a = startOf(candidate.key) ?? -Infinity;
    const b = startOf(best.key) ?? -Infinity;
    if (a > b || (a === b && candidate.pid > best.pid)) best = candidate;
  }
  return best;
}
