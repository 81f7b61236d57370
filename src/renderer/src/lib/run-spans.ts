/**
 * Runs as spans on a time chart: each run's start and stop marker paired into one shaded
 * stretch with one label, which shortens or hides when the stretch has no room for it. Pure, so
 * tests check it.
 */

/** What a span is made from: a run's start or stop marker. */
export interface SpanMarker {
  time: number;
  kind: 'start' | 'stop';
  runId: string;
  /** How the run ended (stop markers); anything but 'ok' is said in the label. */
  status?: string;
}

/** One run on the chart. */
export interface RunSpan {
  runId: string;
  /** Null when its start is older than the markers kept (it began off the chart). */
  start: number | null;
  /** Null while it runs. */
  stop: number | null;
  /** "run-3", or "run-3 (failed)": the label the results table shows too. */
  label: string;
  /** For a narrow span: the run's number alone ("3"). */
  short: string;
}

/** The label the chart and the results table both show for a run. */
export function runSpanLabel(runId: string, status?: string): string {
  return status === undefined || status === 'ok' ? runId : `${runId} (${status})`;
}

/** Pairs start and stop markers (oldest first) into spans, oldest first. */
export function runSpans(markers: readonly SpanMarker[]): RunSpan[] {
  const spans = new Map<string, RunSpan>();
  for (const marker of markers) {
    let span = spans.get(marker.runId);
    if (span === undefined) {
      const short = /(\d+)$/.exec(marker.runId)?.[1] ?? marker.runId;
      span = { runId: marker.runId, start: null, stop: null, label: marker.runId, short };
      spans.set(marker.runId, span);
    }
    if (marker.kind === 'start') span.start = marker.time;
    else {
      span.stop = marker.time;
      span.label = runSpanLabel(marker.runId, marker.status);
    }
  }
  return [...spans.values()];
}

/**
 * The text that fits `roomPx`: the label, else the short form, else nothing. `measure` gives a
 * text's width in the same unit (the canvas's measureText on the page).
 */
export function fitSpanLabel(
  span: Pick<RunSpan, 'label' | 'short'>,
  roomPx: number,
  measure: (text: string) => number,
): string {
  if (measure(span.label) <= roomPx) return span.label;
  if (measure(span.short) <= roomPx) return span.short;
  return '';
}
