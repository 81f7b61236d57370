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

/** A view's handle on the loop. */
export interface FrameTask {
  /** Asks for a draw in the next frame where the view is visible (many calls, one draw). */
  invalidate(): void;
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
  /** When the view last went from clean to dirty. */
  dirtySince: number;
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

  constructor(private readonly host: FrameHost) {}

  /**
   * Registers a draw; `minIntervalMs` throttles views that re-render React (legends), and
   * `lingerMs` lets a view that changes on its own clock (the process table) wait that long to
   * be drawn in a frame the other views ask for, rather than cost a frame of its own.
   */
  add(draw: () => void, options: { minIntervalMs?: number; lingerMs?: number } = {}): FrameTask {
    const task: TaskState = {
      draw,
      dirty: false,
      visible: true,
      minIntervalMs: options.minIntervalMs ?? 0,
      lingerMs: options.lingerMs ?? 0,
      dirtySince: 0,
      lastDraw: -Infinity,
      cancelTimer: null,
    };
    this.tasks.add(task);
    this.stopWatching ??= this.host.onVisibilityChange(() => this.onVisibilityChange());
    return {
      invalidate: () => {
        if (!task.dirty) task.dirtySince = this.host.now();
        task.dirty = true;
        this.schedule();
      },
      setVisible: (visible) => {
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

  /** Views registered (for tests). */
  get size(): number {
    return this.tasks.size;
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
      const wait = Math.max(
        task.lastDraw + task.minIntervalMs - now,
        task.dirtySince + task.lingerMs - now,
      );
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

  /** Draws every dirty, visible, due view once; false when there was none. */
  private drawDue(): boolean {
    const now = this.host.now();
    let drew = false;
    for (const task of [...this.tasks]) {
      if (!task.dirty || !task.visible || now - task.lastDraw < task.minIntervalMs) continue;
      task.dirty = false;
      task.lastDraw = now;
      drew = true;
      task.draw();
    }
    return drew;
  }
}
