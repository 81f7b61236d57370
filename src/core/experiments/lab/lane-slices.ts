import { LANE_STATE_CHARS } from '../../../shared/run-lanes';

/**
 * The arithmetic of one 50 ms slice of a lane, shared by LaneBuilder and mirrored in the native
 * helper (src/native/lane-slices.h): keep the two in step.
 */

/** One slice of one lane while its ticks come in: times in ms, the core it ran on. */
export interface SliceAcc {
  runMs: number;
  readyMs: number;
  aliveMs: number;
  core: number | null;
  ran: boolean;
}

/** `value` kept within [0, max]. */
export function clampTo(value: number, max: number): number {
  return Math.min(max, Math.max(0, value));
}

/** Time two or more lanes ran at once in one slice, as a share of it: the run time beyond one. */
export function overlapOf(runMs: number, sliceMs: number): number {
  return Math.min(1, Math.max(0, runMs / sliceMs - 1));
}

/** A slice nothing has been added to. */
export function emptySlice(): SliceAcc {
  return { runMs: 0, readyMs: 0, aliveMs: 0, core: null, ran: false };
}

/** The largest of running, ready and blocked over the time the lane was alive. */
export function stateChar(s: SliceAcc): string {
  if (s.aliveMs <= 0) return LANE_STATE_CHARS.absent;
  const alive = Math.max(s.aliveMs, s.runMs + s.readyMs);
  const running = s.runMs;
  const ready = s.readyMs;
  const blocked = alive - running - ready;
  if (running >= ready && running >= blocked) return LANE_STATE_CHARS.running;
  return ready >= blocked ? LANE_STATE_CHARS.ready : LANE_STATE_CHARS.blocked;
}
