import type { Model } from '../../../shared/experiments';
import type { Lane } from '../../../shared/run-lanes';
import type { LoopDelay, TaskLane, TaskTrace } from '../../../shared/task-lanes';
import { formatCount, formatDuration } from './format';

/**
 * The words beside an async run's task lanes: labels, per-lane figures, the task-switch count
 * set against the thread's kernel context switches, and the loop delay. Pure, so tests check
 * them; the canvas's aria-label and the collapsed block's line are built here too, so nothing
 * the lanes show is in colour alone.
 */

/** Models whose tasks the lab traces (python-selectors has callbacks, not tasks). */
export const TASK_TRACED_MODELS: readonly Model[] = [
  'node-async',
  'python-asyncio',
  'python-gevent',
];

/** Why the switch counts differ: the lesson the two numbers make. */
export const SWITCH_WHY =
  'switching between coroutines happens inside the one thread, in user space, so it needs no kernel context switch';

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
export function taskLaneStat(lane: TaskLane): string {
  const turns = lane.turns.length;
  return `${formatCount(turns)} ${turns === 1 ? 'turn' : 'turns'} · ${formatHeldMs(heldMs(lane))}`;
}

/** The thread the tasks ran on, among the shown lanes (null when the lab did not find it). */
export function threadLaneOf(trace: TaskTrace, lanes: readonly Lane[]): Lane | null {
  if (trace.threadLaneId === null) return null;
  return lanes.find((lane) => lane.id === trace.threadLaneId) ?? null;
}

/** "N task switches · M kernel context switches" (or "… not read" when unknown). */
export function switchText(trace: TaskTrace, thread: Lane | null): string {
  const tasks = `${formatCount(trace.taskSwitches)} task ${trace.taskSwitches === 1 ? 'switch' : 'switches'}`;
  const kernel = thread?.contextSwitches ?? null;
  return kernel === null
    ? `${tasks} · kernel context switches not read`
    : `${tasks} · ${formatCount(kernel)} kernel context ${kernel === 1 ? 'switch' : 'switches'}`;
}

/** The block's one-line summary, shown also when it is collapsed. */
export function taskLanesSummary(trace: TaskTrace, thread: Lane | null): string {
  const lanes = trace.lanes.length;
  const grouped = trace.taskTotal > lanes ? ', grouped' : '';
  const on = thread === null ? 'on their thread (not found among the lanes)' : `on ${thread.name}`;
  return `${formatCount(trace.taskTotal)} tasks in ${lanes} ${lanes === 1 ? 'lane' : 'lanes'}${grouped} ${on}`;
}

/** What the lanes end early means, when turns were dropped. */
export const TRUNCATED_NOTE = 'the task lanes end early: the run had more turns than are kept';

/** The task canvas in words, for its aria-label: each lane's turns and time held. */
export function taskLanesAria(trace: TaskTrace, thread: Lane | null): string {
  const lanes = trace.lanes.map((lane) => `${taskLaneLabel(lane)}: ${taskLaneStat(lane)}`);
  const tail = trace.truncated ? ` (${TRUNCATED_NOTE})` : '';
  return `Task lanes, ${taskLanesSummary(trace, thread)}: ${lanes.join('; ')}.${tail}`;
}

/** A loop delay figure: one decimal below 10 ms, whole ms above. */
export function formatDelayMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** "loop delay p50 X ms · p99 Y ms". */
export function loopDelayText(delay: LoopDelay): string {
  return `loop delay p50 ${formatDelayMs(delay.p50Ms)} · p99 ${formatDelayMs(delay.p99Ms)}`;
}

/**
 * Where the task block goes among the shown thread lanes: the index right after the tasks'
 * thread, or after the last lane when the thread is not among them.
 */
export function taskBlockAt(laneIds: readonly string[], threadLaneId: string | null): number {
  const at = threadLaneId === null ? -1 : laneIds.indexOf(threadLaneId);
  return at < 0 ? laneIds.length : at + 1;
}
