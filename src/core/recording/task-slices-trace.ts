import type { Lane } from '../../shared/run-lanes';
import type { TaskTrace } from '../../shared/task-lanes';

/**
 * An async run's task lanes as Chrome Trace async slices: each task lane's turns as 'b'/'e'
 * pairs with one id per lane, on the run's lanes process and its thread's tid, so Perfetto
 * shows every task (or group) as its own async track beside the thread's kernel-state slices.
 */

/** A nestable async begin or end event ('b'/'e'), as the trace builder takes it. */
export interface AsyncTraceEvent {
  name: string;
  cat: string;
  ph: 'b' | 'e';
  ts: number;
  pid: number;
  tid: number;
  /** Pairs a begin with its end: one per task lane, hex as Chrome's own traces write it. */
  id: string;
  args?: Record<string, unknown>;
}

/** Where task slices go. */
export interface TaskSliceSink {
  threadName(pid: number, tid: number, name: string): void;
  add(event: AsyncTraceEvent): void;
}

/** The track for tasks whose thread the lab did not find: above any real tid (pid_max 2^22). */
export const UNKNOWN_THREAD_TID = 4_194_305;

/**
 * Adds `trace`'s turns as async slices of the run's lanes process `pid`. `offsetMs` is slice
 * 0's time from the recording's start; `runIndex` keeps ids apart between runs. Turns before
 * the recording began are dropped, ones straddling its start are clipped to it.
 */
export function addTaskSlices(
  trace: TaskTrace,
  lanes: readonly Lane[],
  pid: number,
  runIndex: number,
  offsetMs: number,
  sink: TaskSliceSink,
): void {
  const thread = lanes.find((lane) => lane.id === trace.threadLaneId) ?? null;
  const tid = thread?.tid ?? UNKNOWN_THREAD_TID;
  if (thread === null) sink.threadName(pid, tid, 'tasks (their thread was not found)');
  trace.lanes.forEach((lane, index) => {
    // MAX_TASK_LANES (64) lanes per run at most: runIndex * 1000 never collides.
    const id = `0x${(runIndex * 1000 + index + 1).toString(16)}`;
    const args = {
      taskCount: lane.taskCount,
      runtime: trace.runtime,
      thread: thread?.name ?? null,
    };
    for (const [start, end] of lane.turns) {
      const endMs = offsetMs + end;
      if (endMs <= 0 || end < start) continue;
      const ts = micros(Math.max(0, offsetMs + start));
      const base = { name: lane.name, cat: 'task', pid, tid, id };
      sink.add({ ...base, ph: 'b', ts, args });
      sink.add({ ...base, ph: 'e', ts: Math.max(ts, micros(endMs)) });
    }
  });
}

const micros = (ms: number): number => Math.round(ms * 1000);
