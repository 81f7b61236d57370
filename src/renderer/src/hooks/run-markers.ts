import { useState } from 'react';
import { SeriesStore } from '../stores/series-store';
import { useStream } from './lab';

/** A vertical marker for a live chart: where a run started or stopped. */
export interface RunMarker {
  /** Wall-clock ms since the epoch (the charts' x axis). */
  time: number;
  kind: 'start' | 'stop';
  runId: string;
  /** How the run ended (stop markers): the span's and legend's labels say it when not 'ok'. */
  status?: string;
}

/** Markers kept: enough for a one-minute chart window. */
const MAX_MARKERS = 40;

/**
 * Start and stop markers of experiment runs for the live charts, in a bounded store: the CPU
 * chart pairs them into one shaded span per run on its canvas.
 */
export function useRunMarkers(): SeriesStore<RunMarker> {
  const [store] = useState(() => new SeriesStore<RunMarker>(MAX_MARKERS));
  useStream('experiment:event', (event) => {
    if (event.kind !== 'run-start' && event.kind !== 'run-stop') return;
    const kind = event.kind === 'run-start' ? 'start' : 'stop';
    store.push({
      time: event.time,
      kind,
      runId: event.runId,
      ...(kind === 'stop' ? { status: event.status ?? 'ended' } : {}),
    });
  });
  return store;
}
