import { describe, expect, it } from 'vitest';
import type { Lane, RunLanesUpdate } from '../../../src/shared/run-lanes';
import {
  laneLife,
  laneSegments,
  laneShares,
  laneSummary,
  overlapText,
  sliceToX,
} from '../../../src/renderer/src/lib/lane-geometry';
import {
  MAX_LANE_SLICES,
  MAX_LANES,
  RunLanesStore,
  spliceAt,
} from '../../../src/renderer/src/stores/run-lanes-store';
import { uiTexts } from '../support/ui-texts';

const lane = (name: string, states: string, cores: string, tid = 1): Lane => ({
  id: `10:${tid}`,
  pid: 10,
  tid,
  name,
  kind: 'worker-thread',
  states,
  cores,
  contextSwitches: states.length,
});

const update = (fromSlice: number, lanes: Lane[], runId = 'run-1'): RunLanesUpdate => ({
  runId,
  sliceMs: 50,
  startedAt: 1000,
  fromSlice,
  lanes,
  tasks: lanes.map((l) => ({ name: l.name, done: fromSlice + l.states.length })),
  coresBusyNow: 1.5,
  overlapShare: 0.4,
});

describe('RunLanesStore', () => {
  it('grows each lane by the slices of every update and keeps the latest figures', () => {
    const store = new RunLanesStore();
    let calls = 0;
    store.subscribe(() => (calls += 1));
    store.apply(update(0, [lane('cpu-w1', 'RR', '00', 1)]));
    store.apply(update(2, [lane('cpu-w1', 'WB', '0.', 1), lane('cpu-w2', 'R', '1', 2)]));
    const run = store.current();
    expect(run?.lanes.map((l) => [l.name, l.states, l.cores])).toEqual([
      ['cpu-w1', 'RRWB', '000.'],
      // A lane first seen in a later update is absent before it.
      ['cpu-w2', '--R', '..1'],
    ]);
    expect(run?.slices).toBe(4);
    expect(run?.coresBusyNow).toBe(1.5);
    expect(run?.tasks.find((t) => t.name === 'cpu-w1')?.points).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(calls).toBe(2);
  });

  it('replaces re-sent slices and starts over for another run', () => {
    const store = new RunLanesStore();
    store.apply(update(0, [lane('cpu-w1', 'RRR', '000')]));
    store.apply(update(1, [lane('cpu-w1', 'BB', '11')]));
    expect(store.current()?.lanes[0]?.states).toBe('RBB');
    store.apply(update(0, [lane('py-main', 'R', '1')], 'run-2'));
    expect(store.current()?.runId).toBe('run-2');
    expect(store.current()?.lanes.map((l) => l.name)).toEqual(['py-main']);
  });

  it('stays bounded in lanes and slices however much arrives', () => {
    const store = new RunLanesStore();
    const many = Array.from({ length: MAX_LANES + 50 }, (_, i) => lane(`t${i}`, 'R', '0', i));
    store.apply(update(0, many));
    expect(store.current()?.lanes).toHaveLength(MAX_LANES);
    const chunk = 'R'.repeat(1000);
    for (let from = 0; from < MAX_LANE_SLICES * 2; from += 1000) {
      store.apply(update(from, [lane('t0', chunk, '0'.repeat(1000), 0)]));
    }
    expect(store.current()?.lanes[0]?.states.length).toBe(MAX_LANE_SLICES);
    expect(store.current()?.slices).toBe(MAX_LANE_SLICES);
    expect(spliceAt('', MAX_LANE_SLICES + 5, 'RR', '-')).toHaveLength(MAX_LANE_SLICES);
  });
});

describe('lane geometry', () => {
  it('puts slices on x in proportion to the run', () => {
    expect(sliceToX(0, 40, 400)).toBe(0);
    expect(sliceToX(10, 40, 400)).toBe(100);
    expect(sliceToX(40, 40, 400)).toBe(400);
    expect(sliceToX(3, 0, 400)).toBe(0);
  });

  it('draws one segment per run of equal slices when they fit the width', () => {
    expect(laneSegments('--RRWB', '..0011', 6, 60)).toEqual([
      { x: 0, width: 20, state: 'absent', core: null },
      { x: 20, width: 20, state: 'running', core: 0 },
      { x: 40, width: 10, state: 'ready', core: 1 },
      { x: 50, width: 10, state: 'blocked', core: 1 },
    ]);
    // A shorter lane than the run leaves the rest undrawn-as-absent on the shared scale.
    expect(laneSegments('RR', '00', 4, 40).at(-1)).toEqual({
      x: 20,
      width: 20,
      state: 'absent',
      core: null,
    });
  });

  it('thins to one bucket per pixel column, each showing what most of its slices were', () => {
    const states = 'RRRB'.repeat(2500); // 10,000 slices
    const cores = '0001'.repeat(2500);
    const segments = laneSegments(states, cores, states.length, 100);
    // 100 slices per column, three quarters running on cpu0: one segment across the width.
    expect(segments).toEqual([{ x: 0, width: 100, state: 'running', core: 0 }]);
    const half = laneSegments('R'.repeat(500) + 'B'.repeat(500), '0'.repeat(1000), 1000, 10);
    expect(half.map((s) => [s.x, s.width, s.state])).toEqual([
      [0, 5, 'running'],
      [5, 5, 'blocked'],
    ]);
    // Never more buckets than pixel columns.
    expect(laneSegments('RB'.repeat(500), '0'.repeat(1000), 1000, 7).length).toBeLessThanOrEqual(7);
  });

  it('finds where a lane starts and ends, and says what it did in words', () => {
    expect(laneLife('--RRB--')).toEqual({ first: 2, last: 4 });
    expect(laneLife('---')).toBeNull();
    expect(laneShares('RRWB--')).toEqual({ running: 0.5, ready: 0.25, blocked: 0.25 });
    const english = uiTexts('en');
    expect(laneSummary(lane('cpu-w1', 'RRWB', '0111'), english)).toBe(
      'cpu-w1: running 50 %, ready 25 %, blocked 25 %, on cpu0, cpu1',
    );
    expect(laneSummary(lane('idle', '----', '....'), english)).toBe(
      'idle: running 0 %, ready 0 %, blocked 0 %',
    );
    expect(overlapText(0.034, english)).toBe('3 % of the time two or more ran at once');
    // The same figures in 简体中文.
    const chinese = uiTexts('zh-CN');
    expect(laneSummary(lane('cpu-w1', 'RRWB', '0111'), chinese)).toBe(
      'cpu-w1：运行 50 %，就绪 25 %，阻塞 25 %，在 cpu0, cpu1 上',
    );
    expect(overlapText(0.034, chinese)).toBe('3 % 的时间里有两个或更多同时运行');
  });
});
