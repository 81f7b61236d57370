import type { TFunction } from 'i18next';
import type { Model } from '../../../shared/experiment-models';
import type { Lane } from '../../../shared/run-lanes';
import type { LoopDelay, TaskLane, TaskTrace } from '../../../shared/task-lanes';
import { formatCount, formatDuration } from './format';

/**
 * The words beside an async run's task lanes: labels, per-lane figures, the task-switch count
 * set against the thread's kernel context switches, and the loop delay. Pure, so tests check
 * them; the canvas's aria-label and the collapsed block's line are built here too, so nothing
 * the lanes show is in colour alone. Sentences take the UI's `t`, so they follow the language.
 */

/** Models whose tasks the lab traces (python-selectors has callbacks, not tasks). */
export const TASK_TRACED_MODELS: readonly Model[] = [
  'node-async',
  'python-asyncio',
  'python-gevent',
];

/** Why the switch counts differ: the lesson the two numbers make. */
export function switchWhy(t: TFunction): string {
  return t('experiments.taskLanes.switchWhy');
}

/** True when a run of `model` should carry a task trace (unless tracing was off). */
export function tracesTasks(model: Model): boolean {
  return TASK_TRACED_MODELS.includes(model);
}

/** A task lane's label: its name, with the group's size when it stands for several tasks. */
export function taskLaneLabel(lane: TaskLane): string {
  return lane.taskCount > 1 ? `${lane.name} (${lane.taskCount})` : lane.name;
}

/** Time a task lane held the thread, ms: its turns summed. */
export function heldMs(lane: TaskLane): number {
  return lane.turns.reduce((sum, [start, end]) => sum + Math.max(0, end - start), 0);
}

/** Time held: turns of an I/O-bound task last microseconds, so small values keep decimals. */
export function formatHeldMs(ms: number): string {
  if (ms >= 10) return formatDuration(ms);
  return `${ms.toFixed(ms < 1 ? 2 : 1)} ms`;
}

/** A task lane's figures beside it: its turns and the time they add up to. */
export function taskLaneStat(lane: TaskLane, t: TFunction): string {
  const turns = lane.turns.length;
  return t('experiments.taskLanes.turns', {
    count: turns,
    n: formatCount(turns),
    held: formatHeldMs(heldMs(lane)),
  });
}

/** The thread the tasks ran on, among the shown lanes (null when the lab did not find it). */
export function threadLaneOf(trace: TaskTrace, lanes: readonly Lane[]): Lane | null {
  if (trace.threadLaneId === null) return null;
  return lanes.find((lane) => lane.id === trace.threadLaneId) ?? null;
}

/** "N task switches · M kernel context switches" (or "… not read" when unknown). */
export function switchText(trace: TaskTrace, thread: Lane | null, t: TFunction): string {
  const n = trace.taskSwitches;
  const tasks = t('experiments.taskLanes.taskSwitches', { count: n, n: formatCount(n) });
  const switches = thread?.contextSwitches ?? null;
  const kernel =
    switches === null
      ? t('experiments.taskLanes.kernelNotRead')
      : t('experiments.taskLanes.kernelSwitches', { count: switches, n: formatCount(switches) });
  return `${tasks} · ${kernel}`;
}

/** The block's one-line summary, shown also when it is collapsed. */
export function taskLanesSummary(trace: TaskTrace, thread: Lane | null, t: TFunction): string {
  const lanes = trace.lanes.length;
  return t('experiments.taskLanes.summary', {
    count: lanes,
    tasks: formatCount(trace.taskTotal),
    grouped: trace.taskTotal > lanes ? t('experiments.taskLanes.grouped') : '',
    on:
      thread === null
        ? t('experiments.taskLanes.threadNotFound')
        : t('experiments.taskLanes.onThread', { thread: thread.name }),
  });
}

/** What the lanes end early means, when turns were dropped. */
export function truncatedNote(t: TFunction): string {
  return t('experiments.taskLanes.truncated');
}

/** The task canvas in words, for its aria-label: each lane's turns and time held. */
export function taskLanesAria(trace: TaskTrace, thread: Lane | null, t: TFunction): string {
  const lanes = trace.lanes.map((lane) =>
    t('experiments.taskLanes.ariaLane', {
      label: taskLaneLabel(lane),
      stat: taskLaneStat(lane, t),
    }),
  );
  return t('experiments.taskLanes.aria', {
    summary: taskLanesSummary(trace, thread, t),
    lanes: lanes.join(t('experiments.lanes.listJoin')),
    tail: trace.truncated ? t('experiments.taskLanes.ariaTail', { note: truncatedNote(t) }) : '',
  });
}

/** A loop delay figure: one decimal below 10 ms, whole ms above. */
export function formatDelayMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** "loop delay p50 X ms · p99 Y ms". */
export function loopDelayText(delay: LoopDelay, t: TFunction): string {
  return t('experiments.taskLanes.loopDelay', {
    p50: formatDelayMs(delay.p50Ms),
    p99: formatDelayMs(delay.p99Ms),
  });
}

/**
 * Where the task block goes among the shown thread lanes: the index right after the tasks'
 * thread, or after the last lane when the thread is not among them.
 */
export function taskBlockAt(laneIds: readonly string[], threadLaneId: string | null): number {
  const at = threadLaneId === null ? -1 : laneIds.indexOf(threadLaneId);
  return at < 0 ? laneIds.length : at + 1;
}
