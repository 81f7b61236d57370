import { describe, expect, it } from 'vitest';
import { sessionTrace } from '../../../../src/core/recording/export-trace';
import { RUN_LANES_PID_BASE } from '../../../../src/core/recording/lanes-trace';
import type { SessionRecord } from '../../../../src/shared/session-format';
import type { Lane, RunLanesUpdate } from '../../../../src/shared/run-lanes';
import { traceProblems } from '../../support/trace-checker';
import { sessionOf } from './lanes-session';

const lane = (tid: number, name: string, states: string, cores: string): Lane => ({
  id: `7:${tid}`,
  pid: 7,
  tid,
  name,
  kind: 'worker-thread',
  states,
  cores,
  contextSwitches: 3,
});

const update = (fromSlice: number, lanes: Lane[]): SessionRecord => {
  const payload: RunLanesUpdate = {
    runId: 'run-4',
    sliceMs: 50,
    startedAt: 1100,
    fromSlice,
    lanes,
    tasks: [],
    coresBusyNow: 1,
    overlapShare: 0,
  };
  return { t: 100 + fromSlice * 50, stream: 'experiment:lanes', payload } as SessionRecord;
};

describe('run lanes in the Chrome Trace export', () => {
  it('has one track per lane, a slice per run of equal state, stitched from the updates', () => {
    const { traceEvents } = sessionTrace(
      sessionOf([
        update(0, [lane(8, 'cpu-w1', '-RRR', '.001')]),
        // cpu-w2 appears in the second update; cpu-w1 moves to core 1 and blocks.
        update(4, [lane(8, 'cpu-w1', 'RRBW-', '11000'), lane(9, 'cpu-w2', 'WRR--', '01100')]),
      ]),
    );
    expect(traceProblems(traceEvents)).toEqual([]);
    const pid = RUN_LANES_PID_BASE;
    const names = traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid)
      .map((e) => e.args?.['name']);
    expect(names).toEqual(['cpu-w1 (7/8)', 'cpu-w2 (7/9)']);
    const slices = (tid: number): [string, number, number][] =>
      traceEvents
        .filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid)
        .map((e) => [e.name, e.ts / 1000, (e.dur ?? 0) / 1000]);
    // Slice 0 sits 100 ms after the recording began (startedAt 1100 vs 1000).
    expect(slices(8)).toEqual([
      ['running on core 0', 150, 100],
      ['running on core 1', 250, 150],
      ['blocked', 400, 50],
      ['ready', 450, 50],
    ]);
    expect(slices(9)).toEqual([
      ['ready', 300, 50],
      ['running on core 1', 350, 100],
    ]);
  });
});
