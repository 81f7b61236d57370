import { MAX_TASK_TURNS, type TaskRuntime } from '../../../shared/task-lanes';
import { unpackTaskTrace, type PackedTaskTrace } from '../protocol/packed-task-trace';
import type { RawTaskTrace } from '../protocol/task-trace';

/**
 * Records the turns of an async loop's tasks on their one thread: a task's code calls resume()
 * when it gets the thread back after a wait and suspend() just before it waits again. Cheap on
 * purpose (a clock read and two array pushes per turn), so a traced run costs about what an
 * untraced one does.
 */

/** What a task's code tells its tracer at each await point. */
export interface TaskTurns {
  /** The task holds the thread again (just after an await). */
  resume(): void;
  /** The task gives the thread back (just before an await). */
  suspend(): void;
}

/** CLOCK_MONOTONIC in ms (process.hrtime is CLOCK_MONOTONIC on Linux, as Python's monotonic). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** One task's record, and the hooks its code calls (one object per task: cheap to make). */
class TracedTask implements TaskTurns {
  /** Flat [start, end, start, end, …] of its kept turns. */
  readonly turns: number[] = [];
  finished: number | null = null;

  constructor(
    private readonly tracer: TaskTracer,
    readonly index: number,
    readonly created: number,
    /** False once MAX_TASK_TURNS were kept before it began: it is only counted. */
    readonly kept: boolean,
  ) {}

  resume(): void {
    this.tracer.resume(this, monotonicMs());
  }

  suspend(): void {
    this.tracer.suspend(this, monotonicMs());
  }

  /** The task has ended: its last turn ends now. */
  finish(): void {
    const end = monotonicMs();
    this.tracer.suspend(this, end);
    this.finished = end;
  }
}

/** The tasks of one loop, traced from their creation to their end. */
export class TaskTracer {
  private readonly tasks: TracedTask[] = [];
  private current: TracedTask | null = null;
  private currentStart = 0;
  /** The task of the last turn, so a switch is counted only when another task takes over. */
  private last: TracedTask | null = null;
  private keptTurns = 0;
  private switches = 0;
  private total = 0;
  private truncated = false;

  constructor(
    private readonly runtime: TaskRuntime,
    private readonly pid: number,
    private readonly tid: number | null,
  ) {}

  /** A new task starts now and holds the thread; returns the hooks its code calls. */
  begin(index: number): TaskTurns & { finish(): void } {
    const now = monotonicMs();
    const task = new TracedTask(this, index, now, this.keptTurns < MAX_TASK_TURNS);
    // A task whose first turn cannot be kept is only counted: the trace ends early for it.
    if (task.kept) this.tasks.push(task);
    else this.truncated = true;
    this.total += 1;
    this.resume(task, now);
    return task;
  }

  /** The trace, packed for posting to the host (its buffer can be transferred). */
  pack(): PackedTaskTrace & { data: Float64Array } {
    this.closeCurrent(monotonicMs());
    const data = new Float64Array(4 * this.tasks.length + this.keptTurns * 2);
    let at = 0;
    for (const task of this.tasks) {
      data[at] = task.index;
      data[at + 1] = task.created;
      data[at + 2] = task.finished ?? NaN;
      data[at + 3] = task.turns.length / 2;
      data.set(task.turns, at + 4);
      at += 4 + task.turns.length;
    }
    return {
      runtime: this.runtime,
      pid: this.pid,
      tid: this.tid,
      data,
      taskTotal: this.total,
      taskSwitches: this.switches,
      truncated: this.truncated,
    };
  }

  /** The trace as a model reports it. */
  report(): RawTaskTrace {
    return unpackTaskTrace(this.pack());
  }

  /** `task` holds the thread from `now` (whoever held it gave it up then). */
  resume(task: TracedTask, now: number): void {
    if (this.current === task) return;
    this.closeCurrent(now);
    if (this.last !== null && this.last !== task) this.switches += 1;
    this.last = task;
    this.current = task;
    this.currentStart = now;
  }

  /** `task` gives the thread back at `now`. */
  suspend(task: TracedTask, now: number): void {
    if (this.current === task) this.closeCurrent(now);
  }

  private closeCurrent(now: number): void {
    const task = this.current;
    this.current = null;
    if (task === null || !task.kept) return;
    if (this.keptTurns >= MAX_TASK_TURNS) {
      this.truncated = true;
      return;
    }
    this.keptTurns += 1;
    task.turns.push(this.currentStart, now);
  }
}
