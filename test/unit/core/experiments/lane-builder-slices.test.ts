import { describe, expect, it } from 'vitest';
import type { SliceBatch, SlicedLane } from '../../../../src/core/experiments/lab/helper-slices';
import { LaneBuilder } from '../../../../src/core/experiments/lab/lane-builder';
import { runLanesSchema } from '../../../../src/shared/run-lanes';

/**
 * LaneBuilder.addSlices: the native helper's finished slices joined to what the main thread
 * sampled before its first batch, and the main thread going on from the helper's counters.
 */

const builder = (maxSlices?: number): LaneBuilder =>
  new LaneBuilder({
    runId: 'run-1',
    startedAt: 1000,
    python: false,
    ...(maxSlices === undefined ? {} : { maxSlices }),
  });

/** One thread as the main thread's reader gives it. */
const thread = (tid: number, runMs: number, state = 'R') => ({
  pid: 10,
  tid,
  name: tid === 10 ? 'exp-host' : `cpu-w${tid - 10}`,
  sched: { runNs: runMs * 1e6, waitNs: 0, timeslices: runMs },
  state,
  core: 1,
});

/** A lane of a batch, running throughout by default. */
function sliced(tid: number, states: string, lastRunMs: number, ended = false): SlicedLane {
  return {
    pid: 10,
    tid,
    contextSwitches: 7,
    timeslices: 9,
    ended,
    last: { t: 200, runNs: lastRunMs * 1e6, waitNs: 0, inferredWaitNs: 0 },
    states,
    cores: states.replace(/[^-]/g, '0').replace(/-/g, '.'),
  };
}

function batch(fromSlice: number, toSlice: number, lanes: SlicedLane[]): SliceBatch {
  const count = toSlice - fromSlice;
  return {
    fromSlice,
    toSlice,
    ticks: 4,
    lastT: 200,
    runMs: new Float64Array(count).fill(100), // two lanes running: two slices' worth each
    lanes,
    names: [],
  };
}

const names = new Map([
  [10, 'exp-host'],
  [11, 'cpu-w1'],
  [12, 'cpu-w2'],
]);
const nameOf = (tid: number): string => names.get(tid) ?? '';

describe('LaneBuilder.addSlices', () => {
  it("keeps the main thread's finished slices, takes the helper's from there, and ends lanes it no longer lists", () => {
    const lanes = builder();
    // The main thread sampled 0 and 60 ms: slice 0 finished, slice 1 begun.
    lanes.tick(0, [thread(10, 0), thread(11, 0)]);
    lanes.tick(60, [thread(10, 60), thread(11, 0, 'S')]);
    expect(lanes.sliceCount).toBe(1);
    // The helper's first batch covers slices 0-3; tid 11 is gone, tid 12 is new.
    lanes.addSlices(batch(0, 4, [sliced(10, 'BRRR', 200), sliced(12, '--RR', 100)]), nameOf);
    const kept = lanes.finish(200, null, 20);
    expect(runLanesSchema.safeParse(kept).success).toBe(true);
    const byTid = new Map(kept.lanes.map((lane) => [lane.tid, lane]));
    // Slice 0 stays the main thread's; slices 1-3 are the helper's.
    expect(byTid.get(10)?.states).toBe('RRRR');
    expect(byTid.get(10)?.contextSwitches).toBe(7);
    expect(byTid.get(11)?.states).toBe('B---');
    expect(byTid.get(11)?.cores).toBe('1...');
    expect(byTid.get(12)?.states).toBe('--RR');
    expect(byTid.get(12)?.name).toBe('cpu-w2');
    expect(byTid.get(12)?.kind).toBe('worker-thread');
    expect(lanes.tickCount).toBe(2 + 4);
    // Slice 0 from the main thread (one lane ran), slices 1-3 from the helper's sums (two).
    expect(kept.overlapShare).toBeCloseTo(3 / 4, 5);
  });

  it("goes on from the helper's counters when the main thread samples again (the helper died)", () => {
    const lanes = builder();
    lanes.addSlices(batch(0, 4, [sliced(10, 'RRRR', 200)]), nameOf);
    // 50 ms after the helper's last tick at 200 ms the host has run 50 ms more: running, not a
    // first sight (which would only mark it alive, i.e. blocked).
    lanes.tick(250, [thread(10, 250)]);
    lanes.tick(300, [thread(10, 300)]);
    const lane = lanes.finish(300, null, 20).lanes[0];
    expect(lane?.states).toBe('RRRRRR');
    // Its switches go on from the helper's count: timeslices 250 and 300 against a base of 9 - 7.
    expect(lane?.contextSwitches).toBe(300 - 2);
  });

  it("counts a lane's switches from its first sight when the helper had seen it only once", () => {
    const lanes = builder();
    // First seen at the helper's last tick, with 40 switches in its life so far: none of them
    // this run's.
    const once = { ...sliced(11, '---B', 0), contextSwitches: 0, timeslices: 40, last: null };
    lanes.addSlices(batch(0, 4, [once]), nameOf);
    lanes.tick(250, [{ ...thread(11, 10), sched: { runNs: 10e6, waitNs: 0, timeslices: 45 } }]);
    const lane = lanes.finish(250, null, 20).lanes[0];
    expect(lane?.contextSwitches).toBe(5);
  });

  it('ignores a reused tid of another process, and stops at the most slices a result keeps', () => {
    const lanes = builder(5);
    lanes.addSlices(batch(0, 4, [sliced(10, 'RRRR', 200)]), nameOf);
    const other = { ...sliced(10, 'BBBB', 400), pid: 99 };
    lanes.addSlices(batch(4, 8, [other]), nameOf);
    const kept = lanes.finish(400, null, 20);
    expect(kept.lanes).toHaveLength(1);
    expect(kept.lanes[0]?.pid).toBe(10);
    expect(kept.lanes[0]?.states).toBe('RRRR-');
    expect(lanes.truncated).toBe(true);
  });
});
