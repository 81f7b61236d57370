import { describe, expect, it } from 'vitest';
import { sessionTrace, type TraceEvent } from '../../../../src/core/recording/export-trace';
import { RUN_LANES_PID_BASE } from '../../../../src/core/recording/lanes-trace';
import { UNKNOWN_THREAD_TID } from '../../../../src/core/recording/task-slices-trace';
import type { SessionRecord } from '../../../../src/shared/session-format';
import type { Lane, RunLanes } from '../../../../src/shared/run-lanes';
import type { TaskTrace } from '../../../../src/shared/task-lanes';
import { traceProblems } from '../../support/trace-checker';
import { sessionOf } from './lanes-session';

const lane = (tid: number, name: string, states: string): Lane => ({
  id: `7:${tid}`,
  pid: 7,
  tid,
  name,
  kind: tid === 7 ? 'host' : 'libuv',
  states,
  cores: '0'.repeat(states.length),
  contextSwitches: 5,
});

// Three tasks taking turns on the host's one thread over 400 ms (8 slices of 50 ms); the
// third lane is a group of two. Turn times are ms from slice 0.
const tasks = (threadLaneId: string | null): TaskTrace => ({
  runtime: 'node-event-loop',
  threadLaneId,
  lanes: [
    {
      name: 'task 1',
      taskCount: 1,
      turns: [
        [0, 20],
        [120, 140],
        [300, 310],
      ],
      life: [0, 310],
    },
    {
      name: 'task 2',
      taskCount: 1,
      turns: [
        [20, 45],
        [140, 160],
      ],
      life: [0, 160],
    },
    {
      name: 'tasks 3–4',
      taskCount: 2,
      turns: [
        [45, 60],
        [160, 160],
        [310, 330],
      ],
      life: [0, null],
    },
  ],
  taskTotal: 4,
  taskSwitches: 7,
  truncated: false,
});

const resultRecord = (taskTrace: TaskTrace): SessionRecord => {
  const lanes: RunLanes = {
    runId: 'run-9',
    sliceMs: 50,
    startedAt: 1100,
    lanes: [lane(7, 'exp-host', 'RRBRRBRR'), lane(8, 'libuv-1', 'BBBBBBBB')],
    tasks: [],
    overlapShare: 0,
    gilDisabled: null,
    samplesPerSec: 20,
    taskTrace,
    loopDelay: { p50Ms: 1, p99Ms: 2, maxMs: 3, count: 8 },
  };
  return {
    t: 600,
    stream: 'experiment:result',
    payload: { runId: 'run-9', lanes },
  } as unknown as SessionRecord;
};

const asyncOf = (events: TraceEvent[]): TraceEvent[] =>
  events.filter((e) => e.ph === 'b' || e.ph === 'e');

describe('task slices in the Chrome Trace export', () => {
  it("puts each task lane's turns as async slices on its thread's lane track", () => {
    const { traceEvents } = sessionTrace(sessionOf([resultRecord(tasks('7:7'))]));
    expect(traceProblems(traceEvents)).toEqual([]);
    const pid = RUN_LANES_PID_BASE;
    const slices = asyncOf(traceEvents);
    // 8 turns, each a begin and an end, all in category 'task' on the host thread's track.
    expect(slices).toHaveLength(16);
    for (const event of slices) {
      expect(event).toMatchObject({ cat: 'task', pid, tid: 7 });
    }
    // The thread's own lane slices are on that same track, and the task slices sit within it.
    const threadSlices = traceEvents.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === 7);
    expect(threadSlices.length).toBeGreaterThan(0);
    const from = Math.min(...threadSlices.map((e) => e.ts));
    const to = Math.max(...threadSlices.map((e) => e.ts + (e.dur ?? 0)));
    for (const event of slices) {
      expect(event.ts).toBeGreaterThanOrEqual(from);
      expect(event.ts).toBeLessThanOrEqual(to);
    }
    // One id per task lane, named after it; per lane the slices are its turns, in order and
    // never overlapping. Slice 0 is 100 ms after the recording began.
    const byId = new Map<string, TraceEvent[]>();
    for (const event of slices)
      byId.set(event.id ?? '', [...(byId.get(event.id ?? '') ?? []), event]);
    expect(byId.size).toBe(3);
    const turnsOf = (name: string): [number, number][] => {
      const events = [...byId.values()].find((list) => list[0]?.name === name) ?? [];
      expect(events.every((e) => e.name === name)).toBe(true);
      const turns: [number, number][] = [];
      for (let i = 0; i < events.length; i += 2) {
        expect(events[i]?.ph).toBe('b');
        expect(events[i + 1]?.ph).toBe('e');
        turns.push([(events[i]?.ts ?? 0) / 1000, (events[i + 1]?.ts ?? 0) / 1000]);
      }
      turns.forEach(([start, end], i) => {
        expect(end).toBeGreaterThanOrEqual(start);
        if (i > 0) expect(start).toBeGreaterThanOrEqual(turns[i - 1]![1]);
      });
      return turns;
    };
    expect(turnsOf('task 1')).toEqual([
      [100, 120],
      [220, 240],
      [400, 410],
    ]);
    expect(turnsOf('task 2')).toEqual([
      [120, 145],
      [240, 260],
    ]);
    expect(turnsOf('tasks 3–4')).toEqual([
      [145, 160],
      [260, 260],
      [410, 430],
    ]);
    expect(slices.find((e) => e.name === 'tasks 3–4')?.args).toMatchObject({ taskCount: 2 });
  });

  it('puts the tasks on a named track of their own when their thread was not found', () => {
    const { traceEvents } = sessionTrace(sessionOf([resultRecord(tasks(null))]));
    expect(traceProblems(traceEvents)).toEqual([]);
    const slices = asyncOf(traceEvents);
    expect(slices).toHaveLength(16);
    expect(slices.every((e) => e.tid === UNKNOWN_THREAD_TID)).toBe(true);
    const names = traceEvents.filter((e) => e.ph === 'M' && e.tid === UNKNOWN_THREAD_TID);
    expect(names.map((e) => e.args?.['name'])).toEqual(['tasks (their thread was not found)']);
  });

  it('the trace checker rejects overlapping async slices in one lane', () => {
    const event = (ph: 'b' | 'e', ts: number): TraceEvent => ({
      name: 'task 1',
      cat: 'task',
      ph,
      ts,
      pid: 1,
      tid: 1,
      id: '0x1',
    });
    const named: TraceEvent[] = [
      { name: 'process_name', ph: 'M', ts: 0, pid: 1, tid: 0, args: { name: 'p' } },
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 1, args: { name: 't' } },
    ];
    expect(traceProblems([...named, event('b', 0), event('e', 10)])).toEqual([]);
    expect(
      traceProblems([...named, event('b', 0), event('b', 5), event('e', 10), event('e', 12)]),
    ).toContain('async slices overlap on 1/task/0x1 at 5');
    expect(traceProblems([...named, event('b', 0)])).toContain(
      'async slice left open on 1/task/0x1',
    );
  });
});
