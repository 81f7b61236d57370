import type { TraceEvent } from '../../../src/core/recording/export-trace';

/** Checks a trace against the Chrome Trace Event format rules the viewers rely on. */
export function traceProblems(events: TraceEvent[]): string[] {
  const problems: string[] = [];
  const processNames = new Set<number>();
  const threadNames = new Set<string>();
  for (const event of events) {
    for (const field of ['name', 'ph', 'ts', 'pid', 'tid'] as const) {
      if (event[field] === undefined)
        problems.push(`event without ${field}: ${JSON.stringify(event)}`);
    }
    if (event.ph === 'M' && event.name === 'process_name') processNames.add(event.pid);
    if (event.ph === 'M' && event.name === 'thread_name')
      threadNames.add(`${event.pid}/${event.tid}`);
    if (event.ph === 'X' && !(typeof event.dur === 'number' && event.dur >= 0))
      problems.push(`X without dur`);
    if (event.ph === 'i' && !['g', 'p', 't'].includes(event.s ?? ''))
      problems.push('instant without scope');
  }
  const lastTs = new Map<string, number>();
  const lastEnd = new Map<string, number>();
  for (const event of events) {
    if (event.ph === 'M') continue;
    const track = event.ph === 'C' ? `${event.pid}/C/${event.name}` : `${event.pid}/${event.tid}`;
    if (event.ts < (lastTs.get(track) ?? -Infinity))
      problems.push(`timestamps go back on ${track}`);
    lastTs.set(track, event.ts);
    if (event.ph === 'X') {
      if (!processNames.has(event.pid)) problems.push(`pid ${event.pid} has no process_name`);
      if (!threadNames.has(track)) problems.push(`track ${track} has no thread_name`);
      if (event.ts < (lastEnd.get(track) ?? -Infinity))
        problems.push(`slices overlap on ${track} at ${event.ts}`);
      lastEnd.set(track, event.ts + (event.dur ?? 0));
    }
  }
  return problems;
}
