import { describe, expect, it } from 'vitest';
import { sessionTrace, type TraceEvent } from '../../../../src/core/recording/export-trace';
import type { ParsedSession, SessionRecord } from '../../../../src/shared/session-format';
import { traceProblems } from '../../support/trace-checker';

const thread = (tid: number, core: number, running: number, ready: number) => ({
  tid,
  name: `cpu-w${tid}`,
  state: 'R',
  cpuPercent: running,
  core,
  split: { running, ready, blocked: 100 - running - ready },
  switchesPerSec: 10,
});

/** A session with two busy threads on one core, over three uneven ticks. */
function sessionWithThreads(): ParsedSession {
  const records: SessionRecord[] = [];
  [0, 480, 1010, 1500].forEach((t, index) => {
    records.push({
      t,
      stream: 'sample:cores',
      payload: { time: 1000 + t, monotonicMs: t, elapsedMs: 500, cores: [90, 5], total: 47.5 },
    });
    records.push({
      t: t + 1,
      stream: 'sample:threads' as never,
      payload: {
        time: 1000 + t,
        monotonicMs: t,
        // One tick claims more time than passed since the last: slices must still not overlap.
        elapsedMs: index === 2 ? 800 : 500,
        processes: [
          {
            key: '42:1',
            pid: 42,
            name: 'experiment',
            trackedBy: 'experiment',
            threadCount: 2,
            threads: [thread(43, 0, 50, 45), thread(44, 0, 45, 50)],
            truncated: false,
          },
        ],
      } as never,
    });
  });
  records.push({
    t: 600,
    stream: 'experiment:event' as never,
    payload: { runId: 'r1', kind: 'worker-spawn', time: 1600, name: 'cpu-w1', pid: 42 } as never,
  });
  return {
    header: {
      format: 'concurrency-lab-session',
      version: 1,
      appVersion: '0',
      createdAt: '',
      startedAtMs: 1000,
      machine: { cpuModel: 'x', logicalCores: 2, os: 'Linux', totalMemoryBytes: 1 },
      sampling: { intervalMs: 500, paused: false },
    },
    records,
    interrupted: false,
    warnings: [],
  };
}

describe('the Chrome Trace export', () => {
  const { traceEvents } = sessionTrace(sessionWithThreads());

  it('is valid: required fields, names for every track, no overlaps, time moves forward', () => {
    expect(traceProblems(traceEvents)).toEqual([]);
  });

  it('has running / ready / blocked slices for each watched thread', () => {
    const states = traceEvents
      .filter((e) => e.ph === 'X' && e.pid === 42 && e.tid === 43)
      .map((e) => e.name);
    expect(new Set(states)).toEqual(new Set(['running', 'ready', 'blocked']));
  });

  it("puts the thread that ran most on each core on that core's track", () => {
    const core0 = traceEvents.filter((e) => e.ph === 'X' && e.pid === 9_000_001 && e.tid === 1);
    expect(core0.length).toBeGreaterThan(0);
    expect(core0[0]?.name).toBe('cpu-w43 42/43');
    const names = traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => e.args?.['name']);
    expect(names).toEqual(expect.arrayContaining(['cpu0', 'cpu-w43', 'cpu-w44']));
  });

  it('has CPU counters and experiment instants', () => {
    expect(traceEvents.filter((e) => e.ph === 'C' && e.name.startsWith('CPU busy'))).toHaveLength(
      4,
    );
    const instants = traceEvents.filter((e) => e.ph === 'i');
    expect(instants.map((e) => e.name)).toEqual(['worker-spawn: cpu-w1']);
    expect(instants[0]?.ts).toBe(600_000);
  });

  it('catches an overlap when there is one (the checker itself works)', () => {
    const broken: TraceEvent[] = [
      { name: 'process_name', ph: 'M', ts: 0, pid: 1, tid: 0, args: { name: 'p' } },
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 2, args: { name: 't' } },
      { name: 'a', ph: 'X', ts: 0, dur: 10, pid: 1, tid: 2 },
      { name: 'b', ph: 'X', ts: 5, dur: 10, pid: 1, tid: 2 },
    ];
    expect(traceProblems(broken)).toEqual(['slices overlap on 1/2 at 5']);
  });
});
