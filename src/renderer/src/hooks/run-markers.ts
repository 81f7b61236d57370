import { useState } from 'react';
import { useStream } from './lab';

/** A vertical marker for a live chart: where a run started or stopped. */
export interface RunMarker {
  /** Wall-clock ms since the epoch (the charts' x axis). */
  time: number;
  kind: 'start' | 'stop';
  runId: string;
  /** Short text for the marker, e.g. "start run-3" or "stop run-3 (failed)". */
  label: string;
}

/** Markers kept: enough for a one-minute chart window. */
const MAX_MARKERS = 40;

/**
 * Start and stop markers of experiment runs for the live charts (bounded): a chart draws a
 * recharts <ReferenceLine x={marker.time} /> for each marker inside its window.
 */
export function useRunMarkers(): RunMarker[] {
  const [markers, setMarkers] = useState<RunMarker[]>([]);
  useStream('experiment:event', (event) => {
    if (event.kind !== 'run-start' && event.kind !== 'run-stop') return;
    const kind = event.kind === 'run-start' ? 'start' : 'stop';
    const status = kind === 'stop' && event.status !== 'ok' ? ` (${event.status ?? 'ended'})` : '';
    const marker = {
      time: event.time,
      kind,
      runId: event.runId,
      label: `${kind} ${event.runId}${status}`,
    } as const;
    setMarkers((previous) => [...previous, marker].slice(-MAX_MARKERS));
  });
  return markers;
}
