import type { ExperimentEvent, ExperimentProgress } from '../../../shared/experiment-results';

/** Timeline events kept for the running (or last) run. */
const MAX_EVENTS = 40;

/** What the progress view shows: the newest progress and the run's recent events. */
export interface RunProgressSnapshot {
  progress: ExperimentProgress | null;
  /** Recent events of the running (or last) run, newest last. */
  events: readonly ExperimentEvent[];
}

/**
 * The running run's progress and timeline events, kept outside React: only the progress view
 * reads them, at most once per frame. A run sends progress several times a second, and as
 * React state of the tab each message would re-render the whole Experiments tab (lessons, form,
 * results, compare charts) while the run competes with the page for the cores.
 */
export class RunProgressStore {
  private current: RunProgressSnapshot = { progress: null, events: [] };
  private readonly listeners = new Set<() => void>();

  /** The newest snapshot: the same object until something changes. */
  get snapshot(): RunProgressSnapshot {
    return this.current;
  }

  setProgress(progress: ExperimentProgress): void {
    this.current = { ...this.current, progress };
    this.changed();
  }

  /** Adds an event; one of another run starts the list afresh. */
  addEvent(event: ExperimentEvent): void {
    const previous = this.current.events;
    const sameRun = previous.length > 0 && previous[0]?.runId === event.runId;
    const events = [...(sameRun ? previous : []), event].slice(-MAX_EVENTS);
    this.current = { ...this.current, events };
    this.changed();
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
