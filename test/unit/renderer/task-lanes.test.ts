import { describe, expect, it } from 'vitest';
import type { Lane, RunLanesUpdate } from '../../../src/shared/run-lanes';
import type { LoopDelay, TaskLane, TaskTrace } from '../../../src/shared/task-lanes';
import { taskLaneRows, taskRowsOf } from '../../../src/renderer/src/lib/task-lane-geometry';
import {
  formatDelayMs,
  loopDelayText,
  switchText,
  taskBlockAt,
  taskLaneLabel,
  taskLanesAria,
  taskLanesSummary,
  taskLaneStat,
  threadLaneOf,
  tracesTasks,
} from '../../../src/renderer/src/lib/task-lanes-text';
import { RunLanesStore } from '../../../src/renderer/src/stores/run-lanes-store';
import { uiTexts } from '../support/ui-texts';

const english = uiTexts('en');
const chinese = uiTexts('zh-CN');

const thread: Lane = {
  id: '40:40',
  pid: 40,
  tid: 40,
  name: 'exp-host',
  kind: 'host',
  states: 'RRBBRR',
  cores: '000000',
  contextSwitches: 12,
};

const task = (name: string, turns: [number, number][], life: TaskLane['life']): TaskLane => ({
  name,
  taskCount: 1,
  turns,
  life,
});

const trace = (lanes: TaskLane[], extra: Partial<TaskTrace> = {}): TaskTrace => ({
  runtime: 'node-event-loop',
  threadLaneId: thread.id,
  lanes,
  taskTotal: lanes.reduce((sum, lane) => sum + lane.taskCount, 0),
  taskSwitches: 31,
  truncated: false,
  ...extra,
});

describe('task lane rows (what the canvas draws)', () => {
  it('puts turns and life on the thread lanes’ time axis', () => {
    // 300 ms across 300 px: one pixel per ms.
    const [row] = taskLaneRows(
      [
        task(
          'task 1',
          [
            [10, 30],
            [100, 150],
          ],
          [5, 160],
        ),
      ],
      300,
      300,
    );
    expect(row?.turns).toEqual([
      { x: 10, width: 20 },
      { x: 100, width: 50 },
    ]);
    // The suspended line runs over the task's whole life; the turns are drawn on top.
    expect(row?.life).toEqual({ x: 5, width: 155 });
  });

  it('merges turns closer than a pixel, so thousands of turns stay within the width', () => {
    const turns: [number, number][] = Array.from({ length: 10_000 }, (_, i) => [
      i * 0.1,
      i * 0.1 + 0.05,
    ]);
    const [row] = taskLaneRows([task('task 1', turns, [0, 1000])], 1000, 200);
    expect(row!.turns.length).toBeLessThanOrEqual(200);
    expect(row!.turns.length).toBeGreaterThan(0);
    // Merged spans stay in order and never overlap.
    for (let i = 1; i < row!.turns.length; i += 1) {
      const previous = row!.turns[i - 1]!;
      expect(row!.turns[i]!.x).toBeGreaterThanOrEqual(previous.x + previous.width);
    }
  });

  it('clips at the axis; an unfinished task’s line runs to the right edge', () => {
    const [row] = taskLaneRows(
      [
        task(
          'task 2',
          [
            [80, 120],
            [150, 170],
          ],
          [50, null],
        ),
      ],
      100,
      100,
    );
    expect(row?.turns).toEqual([{ x: 80, width: 20 }]);
    expect(row?.life).toEqual({ x: 50, width: 50 });
    expect(taskLaneRows([task('t', [[1, 2]], [0, 3])], 0, 100)).toEqual([
      { turns: [], life: null },
    ]);
  });
});

describe('opening a group of tasks', () => {
  const task = (n: number): TaskLane => ({
    name: `task ${n}`,
    taskCount: 1,
    turns: [[n, n + 0.5]],
    life: [n, n + 1],
  });
  const group = (first: number): TaskLane => ({
    name: `tasks ${first}–${first + 1}`,
    taskCount: 2,
    turns: [
      [first, first + 0.5],
      [first + 1, first + 1.5],
    ],
    life: [first, first + 2],
    members: [task(first), task(first + 1)],
  });

  it('draws each group closed, and an opened group followed by its own tasks', () => {
    const lanes = [group(1), group(3), task(5)];
    expect(taskRowsOf(lanes, new Set()).map((row) => row.lane.name)).toEqual([
      'tasks 1–2',
      'tasks 3–4',
      'task 5',
    ]);
    const opened = taskRowsOf(lanes, new Set([1]));
    expect(opened.map((row) => [row.lane.name, row.member, row.group])).toEqual([
      ['tasks 1–2', false, 0],
      ['tasks 3–4', false, 1],
      ['task 3', true, null],
      ['task 4', true, null],
      ['task 5', false, null],
    ]);
  });
});

describe('task lane words', () => {
  it('labels groups with their size and gives each lane its turns and time held', () => {
    const group: TaskLane = {
      name: 'tasks 1–16',
      taskCount: 16,
      turns: [
        [0, 10],
        [20, 25],
      ],
      life: [0, 30],
    };
    expect(taskLaneLabel(group)).toBe('tasks 1–16 (16)');
    expect(taskLaneLabel(task('task 7', [], [0, 1]))).toBe('task 7');
    expect(taskLaneStat(group, english)).toBe('2 turns · 15 ms');
    // An I/O-bound task holds the thread for microseconds: not rounded away to 0 ms.
    expect(taskLaneStat(task('task 8', [[1, 1.04]], [0, 2]), english)).toBe('1 turn · 0.04 ms');
    expect(taskLaneStat(task('task 9', [[1, 3.5]], [0, 4]), english)).toBe('1 turn · 2.5 ms');
  });

  it('sets task switches against the thread’s kernel context switches', () => {
    const t = trace([task('task 1', [[0, 1]], [0, 1])]);
    expect(threadLaneOf(t, [thread])).toBe(thread);
    expect(switchText(t, thread, english)).toBe('31 task switches · 12 kernel context switches');
    expect(switchText(t, { ...thread, contextSwitches: null }, english)).toBe(
      '31 task switches · kernel context switches not read',
    );
    expect(threadLaneOf({ ...t, threadLaneId: null }, [thread])).toBeNull();
  });

  it('summarises the block in one line and in the canvas label, saying when lanes end early', () => {
    const lanes = [task('task 1', [[0, 10]], [0, 10]), task('task 2', [[10, 30]], [0, 30])];
    const t = trace(lanes, { taskTotal: 40, truncated: true });
    expect(taskLanesSummary(t, thread, english)).toBe('40 tasks in 2 lanes, grouped on exp-host');
    expect(taskLanesSummary(t, null, english)).toMatch(/not found/);
    const aria = taskLanesAria(t, thread, english);
    expect(aria).toContain('task 1: 1 turn · 10 ms');
    expect(aria).toContain('task 2: 1 turn · 20 ms');
    expect(aria).toContain('end early');
  });

  it('says all of it in 简体中文 too, with the same numbers', () => {
    const one = task('task 1', [[0, 10]], [0, 10]);
    const t = trace([one, task('task 2', [[10, 30]], [0, 30])], { taskTotal: 40, truncated: true });
    expect(taskLaneStat(one, chinese)).toBe('1 轮 · 10 ms');
    expect(switchText(t, thread, chinese)).toBe('31 次任务切换 · 12 次内核上下文切换');
    expect(switchText(t, { ...thread, contextSwitches: null }, chinese)).toBe(
      '31 次任务切换 · 未读取内核上下文切换',
    );
    expect(taskLanesSummary(t, thread, chinese)).toBe(
      '40 个任务，分在 2 条泳道（已分组），运行在 exp-host 上',
    );
    expect(taskLanesSummary(t, null, chinese)).toContain('没有找到');
    const aria = taskLanesAria(t, thread, chinese);
    expect(aria).toMatch(/^任务泳道，40 个任务/);
    expect(aria).toContain('task 2：1 轮 · 20 ms');
    expect(aria).toContain('提前结束');
    const delay: LoopDelay = { p50Ms: 1.234, p99Ms: 48.6, maxMs: 60, count: 90 };
    expect(loopDelayText(delay, chinese)).toBe('事件循环延迟 p50 1.2 ms · p99 49 ms');
    // No English words left in them, but for the data (task and thread names) and units.
    const words = [taskLaneStat(one, chinese), switchText(t, thread, chinese), aria].join(' ');
    const latin = words.replace(/task \d+|exp-host/g, '').match(/[A-Za-z]{2,}/g) ?? [];
    expect(latin.filter((word) => word !== 'ms' && word !== 'p50' && word !== 'p99')).toEqual([]);
  });

  it('places the block right under the thread, or after every lane when it is not there', () => {
    expect(taskBlockAt(['1:1', '40:40', '1:2'], '40:40')).toBe(2);
    expect(taskBlockAt(['1:1', '1:2'], '40:40')).toBe(2);
    expect(taskBlockAt(['1:1'], null)).toBe(1);
  });

  it('traces the async models that have tasks, and words the loop delay', () => {
    expect(tracesTasks('node-async')).toBe(true);
    expect(tracesTasks('python-asyncio')).toBe(true);
    expect(tracesTasks('python-gevent')).toBe(true);
    expect(tracesTasks('python-selectors')).toBe(false);
    expect(tracesTasks('node-worker-pool')).toBe(false);
    const delay: LoopDelay = { p50Ms: 1.234, p99Ms: 48.6, maxMs: 60, count: 90 };
    expect(loopDelayText(delay, english)).toBe('loop delay p50 1.2 ms · p99 49 ms');
    expect(formatDelayMs(0)).toBe('0.0 ms');
  });
});

describe('loop delay through the live lanes store', () => {
  const update = (loopDelay: LoopDelay | null | undefined, runId = 'run-1'): RunLanesUpdate => ({
    runId,
    sliceMs: 50,
    startedAt: 0,
    fromSlice: 0,
    lanes: [thread],
    tasks: [],
    coresBusyNow: 1,
    overlapShare: 0,
    ...(loopDelay === undefined ? {} : { loopDelay }),
  });

  it('keeps the latest figure, keeps it through updates without one, and forgets it per run', () => {
    const store = new RunLanesStore();
    const first: LoopDelay = { p50Ms: 1, p99Ms: 3, maxMs: 4, count: 20 };
    const second: LoopDelay = { p50Ms: 2, p99Ms: 90, maxMs: 95, count: 20 };
    store.apply(update(first));
    expect(store.current()?.loopDelay).toEqual(first);
    store.apply(update(second));
    expect(store.current()?.loopDelay).toEqual(second);
    store.apply(update(undefined));
    expect(store.current()?.loopDelay).toEqual(second);
    store.apply(update(undefined, 'run-2'));
    expect(store.current()?.loopDelay ?? null).toBeNull();
  });
});
