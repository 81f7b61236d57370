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
  problems.push(...asyncProblems(events, processNames, threadNames));
  return problems;
}

/**
 * Async ('b'/'e') slices: each has a cat and an id, sits on a named thread of a named process,
 * and per id they alternate begin, end (same name, end not before begin), so an id's slices
 * never overlap and none is left open.
 */
function asyncProblems(
  events: TraceEvent[],
  processNames: Set<number>,
  threadNames: Set<string>,
): string[] {
  const problems: string[] = [];
  const open = new Map<string, TraceEvent>();
  const lastEnd = new Map<string, number>();
  for (const event of events) {
    if (event.ph !== 'b' && event.ph !== 'e') continue;
    if (event.id === undefined || event.cat === undefined) {
      problems.push(`async event without id or cat: ${JSON.stringify(event)}`);
      continue;
    }
    if (!processNames.has(event.pid)) problems.push(`pid ${event.pid} has no process_name`);
    if (!threadNames.has(`${event.pid}/${event.tid}`))
      problems.push(`track ${event.pid}/${event.tid} has no thread_name`);
    const key = `${event.pid}/${event.cat}/${event.id}`;
    const begun = open.get(key);
    if (event.ph === 'b') {
      if (begun !== undefined) problems.push(`async slices overlap on ${key} at ${event.ts}`);
      if (event.ts < (lastEnd.get(key) ?? -Infinity))
        problems.push(`async slices overlap on ${key} at ${event.ts}`);
      open.set(key, event);
    } else if (begun === undefined) {
      problems.push(`async end without begin on ${key} at ${event.ts}`);
    } else {
      if (begun.name !== event.name) problems.push(`async end named apart from begin on ${key}`);
      if (event.ts < begun.ts) problems.push(`async slice ends before it begins on ${key}`);
      lastEnd.set(key, event.ts);
      open.delete(key);
    }
  }
  for (const key of open.keys()) problems.push(`async slice left open on ${key}`);
  return problems;
}
