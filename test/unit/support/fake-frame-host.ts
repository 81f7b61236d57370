import type { FrameHost } from '../../../src/renderer/src/charts/frame-loop';

/** A page without a browser: frames, timers and the clock advance only when the test says. */
export class FakeFrameHost implements FrameHost {
  time = 0;
  batch?: (draws: () => void) => void;
  hidden = false;
  frames = new Map<number, () => void>();
  timers: { at: number; callback: () => void; live: boolean }[] = [];
  visibilityListeners = new Set<() => void>();
  private nextId = 1;

  requestFrame(callback: () => void): number {
    const id = this.nextId++;
    this.frames.set(id, callback);
    return id;
  }
  cancelFrame(handle: number): void {
    this.frames.delete(handle);
  }
  now(): number {
    return this.time;
  }
  setTimer(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, callback, live: true };
    this.timers.push(timer);
    return () => (timer.live = false);
  }
  documentHidden(): boolean {
    return this.hidden;
  }
  onVisibilityChange(listener: () => void): () => void {
    this.visibilityListeners.add(listener);
    return () => this.visibilityListeners.delete(listener);
  }
  /** Advances 16 ms, fires due timers, then runs the frames requested so far. */
  frame(): void {
    this.time += 16;
    for (const timer of this.timers.splice(0)) {
      if (!timer.live) continue;
      if (timer.at <= this.time) timer.callback();
      else this.timers.push(timer);
    }
    const due = [...this.frames.values()];
    this.frames.clear();
    for (const callback of due) callback();
  }
  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    for (const listener of this.visibilityListeners) listener();
  }
}
