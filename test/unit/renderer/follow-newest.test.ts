import { describe, expect, it } from 'vitest';
import type { ThreadsSample } from '../../../src/shared/sampling';
import {
  INITIAL_FOLLOW,
  observeLabProcesses,
  shownProcessKey,
  type FollowState,
} from '../../../src/renderer/src/features/processes/follow-newest';

/** A watched process in a sample: `source` null for one a user chose, else the lab feature. */
interface Proc {
  pid: number;
  source: string | null;
  name?: string;
}

const keyOf = (pid: number): string => `${pid}:${pid * 10}`;

/**
 * Drives the follow logic as the thread panel does: samples arrive one a tick into a window
 * of `window` samples; each tick the panel reads the window, and a user may pick a process
 * by hand (following stops) or turn following back on.
 */
class Panel {
  private samples: ThreadsSample[] = [];
  private state: FollowState = INITIAL_FOLLOW;
  private ms = 0;
  following = true;
  picked: string | null = null;

  constructor(private readonly window = 60) {}

  tick(...processes: Proc[]): this {
    this.ms += 1000;
    this.samples = [...this.samples, sample(this.ms, processes)].slice(-this.window);
    this.read();
    return this;
  }

  /** The panel re-renders without a new sample (must change nothing). */
  read(): this {
    this.state = observeLabProcesses(this.state, this.samples);
    return this;
  }

  pick(pid: number): this {
    this.following = false;
    this.picked = keyOf(pid);
    return this.read();
  }

  followAgain(): this {
    this.following = true;
    return this.read();
  }

  get shownPid(): number | null {
    const key = shownProcessKey(this.state, this.following, this.picked);
    return key === null ? null : Number(key.split(':')[0]);
  }
}

function sample(monotonicMs: number, processes: Proc[]): ThreadsSample {
  return {
    time: 1_700_000_000_000 + monotonicMs,
    monotonicMs,
    elapsedMs: 1000,
    totalThreads: null,
    processes: processes.map(({ pid, source, name }) => ({
      key: keyOf(pid),
      pid,
      name: name ?? `p${pid}`,
      trackedBy: source,
      threadCount: 1,
      threads: [],
      truncated: false,
    })),
  };
}

const user = (pid: number): Proc => ({ pid, source: null });
const lab = (pid: number, source = 'experiment'): Proc => ({ pid, source });

describe('follow the newest lab process', () => {
  it('shows nothing of its own until the lab starts a process; a user-watched one is no lab process', () => {
    const panel = new Panel().tick(user(10)).tick(user(10));
    expect(panel.shownPid).toBeNull();
    panel.picked = keyOf(10);
    expect(panel.shownPid).toBe(10);
  });

  it('switches to each new lab process as it appears, without a pick', () => {
    const panel = new Panel().tick(user(10));
    panel.tick(user(10), lab(200));
    expect(panel.shownPid).toBe(200);
    // The run's workers start: the newest of them is followed; the host stays alive.
    panel.tick(user(10), lab(200), lab(201));
    expect(panel.shownPid).toBe(201);
    panel.tick(user(10), lab(200), lab(201), lab(300, 'ipc'));
    expect(panel.shownPid).toBe(300);
    // Re-reading the same samples changes nothing.
    expect(panel.read().read().shownPid).toBe(300);
  });

  it('keeps an ended process until the next lab process appears', () => {
    const panel = new Panel().tick(lab(200)).tick(lab(200), lab(201));
    panel.tick(lab(200)).tick().tick();
    expect(panel.shownPid).toBe(201);
    // Long after it left the window it is still the one shown (the panel keeps its rows).
    const short = new Panel(3).tick(lab(200)).tick().tick().tick().tick();
    expect(short.shownPid).toBe(200);
    panel.tick(lab(400));
    expect(panel.shownPid).toBe(400);
  });

  it('of processes appearing in one sample, follows the one started last', () => {
    const panel = new Panel().tick(lab(200), lab(203), lab(201));
    expect(panel.shownPid).toBe(203);
    const byStart = observeLabProcesses(
      INITIAL_FOLLOW,
      [sample(1000, [lab(200), lab(203), lab(201)])],
      (key) => (key === keyOf(201) ? 5000 : 1000),
    );
    expect(byStart.newest?.pid).toBe(201);
  });

  it('stays on a process picked by hand while the lab starts others, until following is on again', () => {
    const panel = new Panel().tick(user(10), lab(200));
    expect(panel.shownPid).toBe(200);
    panel.pick(10);
    expect(panel.shownPid).toBe(10);
    panel.tick(user(10), lab(200), lab(500)).tick(user(10), lab(500), lab(501));
    expect(panel.shownPid).toBe(10);
    panel.followAgain();
    expect(panel.shownPid).toBe(501);
    panel.tick(user(10), lab(500), lab(501), lab(502));
    expect(panel.shownPid).toBe(502);
  });

  it('turned back on after the newest ended, shows that ended one; with none ever seen, the pick', () => {
    const panel = new Panel().pick(10);
    panel.tick(user(10), lab(200)).tick(user(10));
    panel.followAgain();
    expect(panel.shownPid).toBe(200);
    const quiet = new Panel().pick(10).tick(user(10)).followAgain();
    expect(quiet.shownPid).toBe(10);
  });

  it('a process that stays alive counts as new once, even as old samples leave the window', () => {
    const panel = new Panel(2).tick(lab(200)).tick(lab(200), lab(201));
    panel.pick(10).followAgain();
    expect(panel.shownPid).toBe(201);
    // 200 is still alive in every sample: it must not come back as "new" and steal the panel.
    panel.tick(lab(200), lab(201)).tick(lab(200)).tick(lab(200)).tick(lab(200));
    expect(panel.shownPid).toBe(201);
  });

  it('returns the same state while no new lab process appears (no render per tick)', () => {
    const first = [sample(1000, [lab(200)]), sample(2000, [lab(200), user(10)])];
    const state = observeLabProcesses(INITIAL_FOLLOW, first);
    expect(observeLabProcesses(state, first)).toBe(state);
    expect(observeLabProcesses(state, [...first, sample(3000, [lab(200)])])).toBe(state);
    expect(observeLabProcesses(state, [...first, sample(3000, [lab(201)])])).not.toBe(state);
  });

  it('reads a window again when a replay seeks back', () => {
    const seen = observeLabProcesses(INITIAL_FOLLOW, [sample(9000, [lab(200)])]);
    expect(seen.newest?.pid).toBe(200);
    const back = observeLabProcesses(seen, [sample(1000, [lab(200)]), sample(2000, [lab(150)])]);
    expect(back.newest?.pid).toBe(150);
    expect(back.lastMs).toBe(2000);
  });
});
