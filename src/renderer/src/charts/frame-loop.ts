/**
 * One requestAnimationFrame for every live view. Streams only mark a view dirty; the loop draws
 * each dirty, visible view once in the next frame, so N messages between two frames cost one
 * draw, and a hidden view (its tab not shown, or the document hidden) costs none until shown.
 */

/** What the loop needs from the page; tests pass a fake one. */
export interface FrameHost {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Runs `callback` once after `ms`; returns how to cancel it. */
  setTimer(callback: () => void, ms: number): () => void;
  /** True while the document is hidden (another browser tab, a minimised window). */
  documentHidden(): boolean;
  /** Calls `listener` whenever the document is shown or hidden; returns how to stop. */
  onVisibilityChange(listener: () => void): () => void;
  /**
   * Runs a frame's draws so that React state they set is rendered before it returns (the page
   * uses flushSync): the DOM changes land in this frame, not in a second one a moment later.
   */
  batch?(draws: () => void): void;
}

/** Passes over the views per frame: a draw may dirty another view (a React effect), drawn too. */
const MAX_PASSES = 3;

/**
 * How long a view on a clock of its own may wait to join the next frame the CPU chart asks for:
 * process and thread ticks (the table's clock), a run's lanes and progress (the run's). One frame
 * per CPU tick instead of one per clock: on a 2-core machine a running experiment drew about
 * eight frames a second on three clocks, where the chart's two would do. Longer than the default
 * CPU interval (500 ms, a tick a few ms later each time); when the chart's next tick is further
 * off than this the view is drawn at once (see FrameLoop).
 */
export const CHART_LINGER_MS = 600;

/** Eager invalidations closer than this belong to one tick (a chart, its legend, a summary). */
const SAME_TICK_MS = 50;

/** How late an eager tick may come and still be waited for (its sampler's jitter). */
const TICK_SLACK_MS = 100;

/**
 * How far a throttled view (a legend) may be drawn before its interval is up, in a frame that
 * runs anyway, and how long past it it waits for such a frame before asking for one of its own.
 * Samples come a few ms early or late, so a legend throttled to the sampling interval was
 * "not due" by a few ms in the chart's frame and then cost a frame of its own just after it.
 */
const THROTTLE_SLACK_MS = 50;

/** A throttled view's slack: never more than half its interval. */
function throttleSlack(task: { minIntervalMs: number }): number {
  return Math.min(THROTTLE_SLACK_MS, task.minIntervalMs / 2);
}

/** How a view is drawn: see `FrameLoop.add`. */
export interface FrameTaskOptions {
  minIntervalMs?: number;
  lingerMs?: number;
  withTable?: boolean;
  table?: boolean;
}

/** A view's handle on the loop. */
export interface FrameTask {
  /** Asks for a draw in the next frame where the view is visible (many calls, one draw). */
  invalidate(): void;
  /** The same for a change the user made (a click, a resize): a lingering view does not wait. */
  invalidateNow(): void;
  /** Whether the view is on screen; a hidden view keeps its pending draw for later. */
  setVisible(visible: boolean): void;
  /** Removes the view from the loop. */
  dispose(): void;
}

interface TaskState {
  draw: () => void;
  dirty: boolean;
  visible: boolean;
  /** Throttle (legends): at least this long between two draws. */
  minIntervalMs: number;
  /** Coalescing (slow views): how long a change may wait for a frame another view asks for. */
  lingerMs: number;
  /** Figures (legends, summaries): drawn with the table's frames, see `add`. */
  withTable: boolean;
  /** One of the process table's views: a frame where it draws takes the figures along. */
  table: boolean;
  /** When the view last went from clean to dirty. */
  dirtySince: number;
  /** Dirtied by the user since its last draw: drawn without lingering. */
  urgent: boolean;
  lastDraw: number;
  cancelTimer: (() => void) | null;
}

/** The frame scheduler; one per page (see `frameLoop()`), or one per test with a fake host. */
export class FrameLoop {
  private readonly tasks = new Set<TaskState>();
  private frame: number | null = null;
  /** True while a frame draws: invalidations then join this frame instead of asking another. */
  private running = false;
  private stopWatching: (() => void) | null = null;
  /** When views that never linger (the CPU chart) last asked for a frame, and how often they do. */
  private lastEager = -Infinity;
  private eagerPeriod: number | null = null;
  /** Frames run so far, and the last in which a table view drew (its figures join it). */
  private frames = 0;
  private tableFrame = -1;

  constructor(private readonly host: FrameHost) {}

  /**
   * Registers a draw; `minIntervalMs` throttles views that re-render React (legends), and
   * `lingerMs` lets a view that changes on its own clock (the process table, a run's lanes) wait
   * that long to be drawn in a frame the other views ask for, rather than cost a frame of its own.
   * `withTable` marks figures beside the live charts: they are drawn in the frames where the
   * `table` views draw, and otherwise at most every `minIntervalMs`. So between two table ticks
   * the CPU chart's frame changes only its canvas: no text to lay out, paint and raster, which
   * was most of that frame's cost.
   */
  add(draw: () => void, options: FrameTaskOptions = {}): FrameTask {
    const task: TaskState = {
      draw,
      dirty: false,
      visible: true,
      minIntervalMs: options.minIntervalMs ?? 0,
      lingerMs: options.lingerMs ?? 0,
      withTable: options.withTable ?? false,
      table: options.table ?? false,
      dirtySince: 0,
      urgent: false,
      lastDraw: -Infinity,
      cancelTimer: null,
    };
    this.tasks.add(task);
    this.stopWatching ??= this.host.onVisibilityChange(() => this.onVisibilityChange());
    return {
      invalidate: () => {
        const now = this.markDirty(task);
        const eager = task.lingerMs === 0 && !task.withTable;
        if (eager && task.visible && !this.running) this.noteEager(now);
        this.schedule();
      },
      invalidateNow: () => {
        this.markDirty(task);
        task.urgent = true;
        this.schedule();
      },
      setVisible: (visible) => {
        // Shown again (the user switched to its tab): what changed meanwhile does not wait.
        if (visible && !task.visible && task.dirty) task.urgent = true;
        task.visible = visible;
        this.schedule();
      },
      dispose: () => {
        task.cancelTimer?.();
        this.tasks.delete(task);
        if (this.tasks.size > 0) return;
        this.stopWatching?.();
        this.stopWatching = null;
        this.cancelFrame();
      },
    };
  }

  /** Marks `task` dirty (keeping when it first became so); returns the time. */
  private markDirty(task: TaskState): number {
    const now = this.host.now();
    if (!task.dirty) task.dirtySince = now;
    task.dirty = true;
    return now;
  }

  /** Views registered (for tests). */
  get size(): number {
    return this.tasks.size;
  }

  /** Learns the cadence of eager views in sight (hidden ones ask for no frame), for lingering ones. */
  private noteEager(now: number): void {
    if (now - this.lastEager < SAME_TICK_MS) return;
    if (Number.isFinite(this.lastEager)) this.eagerPeriod = now - this.lastEager;
    this.lastEager = now;
  }

  /**
   * How long a dirty lingering view may still wait: until the eager views' next tick when that
   * comes within its linger (a little slack for jitter), not at all when it comes later — waiting
   * would only delay the view and still cost a frame of its own.
   */
  private lingerWait(task: TaskState, now: number): number {
    const wait = task.dirtySince + task.lingerMs - now;
    if (task.lingerMs === 0 || this.eagerPeriod === null) return wait;
    const nextEager = this.lastEager + this.eagerPeriod;
    if (nextEager - task.dirtySince > task.lingerMs) return 0;
    return Math.min(wait, nextEager + TICK_SLACK_MS - now);
  }

  private onVisibilityChange(): void {
    if (this.host.documentHidden()) this.cancelFrame();
    else this.schedule();
  }

  private cancelFrame(): void {
    if (this.frame === null) return;
    this.host.cancelFrame(this.frame);
    this.frame = null;
  }

  /** Requests a frame if some visible view is dirty and due; a throttled one waits on a timer. */
  private schedule(): void {
    if (this.running || this.frame !== null || this.host.documentHidden()) return;
    const now = this.host.now();
    for (const task of this.tasks) {
      if (!task.dirty || !task.visible) continue;
      const throttled = task.lastDraw + task.minIntervalMs + throttleSlack(task) - now;
      const wait = Math.max(throttled, task.urgent ? 0 : this.lingerWait(task, now));
      if (wait <= 0) {
        this.frame = this.host.requestFrame(this.run);
        return;
      }
      task.cancelTimer ??= this.host.setTimer(() => {
        task.cancelTimer = null;
        this.schedule();
      }, wait);
    }
  }

  private readonly run = (): void => {
    this.frame = null;
    if (this.host.documentHidden()) return;
    this.running = true;
    this.frames += 1;
    try {
      // Each pass is rendered by React before the next, so views its effects dirtied join in.
      for (let pass = 0; pass < MAX_PASSES && this.pass(); pass += 1);
    } finally {
      this.running = false;
    }
    this.schedule(); // views still dirty (throttled, or dirtied on the last pass) wait their turn
  };

  /** One pass, batched by the host; false when no view was drawn. */
  private pass(): boolean {
    let drew = false;
    const draws = (): void => {
      drew = this.drawDue();
    };
    if (this.host.batch) this.host.batch(draws);
    else draws();
    return drew;
  }

  /**
   * Draws every dirty, visible, due view once; false when there was none. A frame in which a
   * table view draws takes the figures that go with the table along.
   */
  private drawDue(): boolean {
    const now = this.host.now();
    const due = [...this.tasks].filter(
      (task) =>
        task.dirty &&
        task.visible &&
        now - task.lastDraw >= task.minIntervalMs - throttleSlack(task),
    );
    if (due.some((task) => task.table)) this.tableFrame = this.frames;
    if (this.tableFrame === this.frames) {
      for (const task of this.tasks) {
        if (task.withTable && task.dirty && task.visible && !due.includes(task)) due.push(task);
      }
    }
    for (const task of due) {
      task.dirty = false;
      task.urgent = false;
      task.lastDraw = now;
      task.draw();
    }
    return due.length > 0;
  }
}
