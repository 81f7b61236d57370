import { describe, expect, it } from 'vitest';
import type { ThreadRow, ThreadsSample } from '../../../src/shared/sampling';
import type { ThreadTimeline } from '../../../src/renderer/src/features/processes/thread-history';
import {
  INITIAL_THREAD_VIEW,
  isIdleThread,
  nextThreadSort,
  processEnded,
  visibleThreads,
  type ThreadView,
} from '../../../src/renderer/src/features/processes/thread-panel-model';

/** A thread timeline with only its latest row (the panel sorts and filters by that). */
function thread(row: Partial<ThreadRow> & { tid: number }): ThreadTimeline {
  const latest: ThreadRow = {
    name: 'node',
    state: 'S',
    cpuPercent: 0,
    core: 0,
    split: null,
    switchesPerSec: 0,
    ...row,
  };
  return { latest, cells: [latest] };
}

const THREADS = [
  thread({ tid: 100, name: 'node', state: 'R', cpuPercent: 40, switchesPerSec: 12 }),
  thread({ tid: 101, name: 'V8Worker', state: 'S', cpuPercent: 0, switchesPerSec: 0 }),
  thread({ tid: 102, name: 'libuv-worker', state: 'S', cpuPercent: 3, switchesPerSec: 50 }),
  thread({ tid: 1020, name: 'libuv-worker', state: 'D', cpuPercent: 0, switchesPerSec: 1 }),
  thread({ tid: 103, name: 'node', state: 'S', cpuPercent: null, switchesPerSec: null }),
];

const tids = (view: Partial<ThreadView>): number[] =>
  visibleThreads(THREADS, { ...INITIAL_THREAD_VIEW, ...view }).map((t) => t.latest.tid);

/** A thread sample holding the given process keys. */
function sample(...keys: string[]): ThreadsSample {
  return {
    time: 0,
    monotonicMs: 0,
    elapsedMs: 0,
    totalThreads: null,
    processes: keys.map((key) => ({
      key,
      pid: 1,
      name: 'x',
      trackedBy: null,
      threadCount: 0,
      threads: [],
      truncated: false,
    })),
  };
}

describe('thread panel model', () => {
  it('keeps the listed order until a header is clicked', () => {
    expect(tids({})).toEqual([100, 101, 102, 1020, 103]);
  });

  it('sorts by TID both ways, the second click reversing the first', () => {
    const first = nextThreadSort(INITIAL_THREAD_VIEW, 'tid');
    expect(first).toEqual({ column: 'tid', descending: false });
    expect(tids({ sort: first })).toEqual([100, 101, 102, 103, 1020]);
    const second = nextThreadSort({ ...INITIAL_THREAD_VIEW, sort: first }, 'tid');
    expect(second).toEqual({ column: 'tid', descending: true });
    expect(tids({ sort: second })).toEqual([1020, 103, 102, 101, 100]);
  });

  it('sorts CPU busiest first, unmeasured threads last in either direction', () => {
    const cpu = nextThreadSort(INITIAL_THREAD_VIEW, 'cpu');
    expect(cpu).toEqual({ column: 'cpu', descending: true });
    expect(tids({ sort: cpu })).toEqual([100, 102, 101, 1020, 103]);
    expect(tids({ sort: { column: 'cpu', descending: false } })).toEqual([
      101, 1020, 102, 100, 103,
    ]);
    expect(tids({ sort: { column: 'switches', descending: true } })).toEqual([
      102, 100, 1020, 101, 103,
    ]);
  });

  it('sorts names and states alphabetically, ties by TID', () => {
    expect(tids({ sort: { column: 'name', descending: false } })).toEqual([
      102, 1020, 100, 103, 101,
    ]);
    expect(tids({ sort: { column: 'state', descending: false } })).toEqual([
      1020, 100, 101, 102, 103,
    ]);
  });

  it('filters by name (any case, anywhere) or by TID (from its start)', () => {
    expect(tids({ filter: 'LIBUV' })).toEqual([102, 1020]);
    expect(tids({ filter: ' worker ' })).toEqual([101, 102, 1020]);
    expect(tids({ filter: '102' })).toEqual([102, 1020]);
    expect(tids({ filter: '02' })).toEqual([]);
    expect(tids({ filter: '' })).toHaveLength(THREADS.length);
  });

  it('hides only sleeping threads that used no CPU, and combines with the filter', () => {
    expect(THREADS.map(isIdleThread)).toEqual([false, true, false, false, false]);
    expect(tids({ hideIdle: true })).toEqual([100, 102, 1020, 103]);
    expect(tids({ hideIdle: true, filter: 'v8' })).toEqual([]);
  });

  it('calls a process ended once the newest sample lacks it', () => {
    expect(processEnded([], 'a')).toBe(false);
    expect(processEnded([sample('a', 'b')], 'a')).toBe(false);
    expect(processEnded([sample('a'), sample('b')], 'a')).toBe(true);
    expect(processEnded([sample('a'), sample(), sample('a')], 'a')).toBe(false);
  });
});
