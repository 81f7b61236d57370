import type { CoreSample } from '../../shared/contract';
import { ProcessTableState, type ProcessRow, type ProcessesSample } from '../../shared/sampling';
import type { ParsedSession } from '../../shared/session-format';

/** One stream's payloads with their recording times (ms since the recording began). */
export interface Timed<T> {
  t: number;
  payload: T;
}

/** Every payload recorded on `stream`, in order. Streams are matched by name. */
export function recordsOf<T>(session: ParsedSession, stream: string): Timed<T>[] {
  const out: Timed<T>[] = [];
  for (const record of session.records) {
    if (record.stream === stream) out.push({ t: record.t, payload: record.payload as T });
  }
  return out;
}

/** A table: column names and rows of cells (null for "unavailable"). */
export interface Table {
  columns: string[];
  rows: (string | number | boolean | null)[][];
}

/** Busy % per core over time. */
export function coreTable(session: ParsedSession): Table {
  const samples = recordsOf<CoreSample>(session, 'sample:cores');
  // reduce, not Math.max(...): a long recording has more samples than a call takes arguments.
  const cores = samples.reduce((most, s) => Math.max(most, s.payload.cores.length), 0);
  const columns = [
    't_ms',
    'time',
    ...Array.from({ length: cores }, (_, i) => `cpu${i}_busy_percent`),
    'total_busy_percent',
  ];
  const rows = samples.map(({ t, payload }) => [
    t,
    new Date(payload.time).toISOString(),
    ...Array.from({ length: cores }, (_, i) => payload.cores[i] ?? null),
    payload.total,
  ]);
  return { columns, rows };
}

/**
 * The process table at every recorded tick. The stream sends only changes, so the table is
 * rebuilt by applying each tick to the last full one.
 */
export function processTable(session: ParsedSession): Table {
  const columns = [
    't_ms',
    'time',
    'pid',
    'ppid',
    'name',
    'user',
    'state',
    'cpu_percent_of_one_core',
    'rss_bytes',
    'threads',
    'voluntary_switches_per_sec',
    'involuntary_switches_per_sec',
    'tracked_by',
    'command',
  ];
  const rows: Table['rows'] = [];
  for (const { t, tick, table } of replayProcessTable(session)) {
    const time = new Date(tick.time).toISOString();
    for (const p of table.values()) {
      rows.push([
        t,
        time,
        p.pid,
        p.ppid,
        p.name,
        p.user,
        p.state,
        p.cpuPercent,
        p.rssBytes,
        p.threads,
        p.voluntarySwitchesPerSec,
        p.involuntarySwitchesPerSec,
        p.trackedBy,
        p.command,
      ]);
    }
  }
  return { columns, rows };
}

/** Rebuilds the process table tick by tick from a full snapshot and the changes after it. */
export function* replayProcessTable(
  session: ParsedSession,
): Generator<{ t: number; tick: ProcessesSample; table: Map<string, ProcessRow> }> {
  const table = new ProcessTableState();
  for (const { t, payload } of recordsOf<ProcessesSample>(session, 'sample:processes')) {
    // Changes that cannot be placed (before the first full table, or after a gap) are skipped.
    if (table.apply(payload)) yield { t, tick: payload, table: table.rows };
  }
}

/** Experiment results, one row per run, nested fields flattened to dotted columns. */
export function resultTable(session: ParsedSession): Table {
  const results = recordsOf<Record<string, unknown>>(session, 'experiment:result').map((r) =>
    flatten(r.payload),
  );
  const columns = [...new Set(results.flatMap((row) => Object.keys(row)))];
  return { columns, rows: results.map((row) => columns.map((column) => row[column] ?? null)) };
}

function flatten(
  value: Record<string, unknown>,
  prefix = '',
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = prefix + key;
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      Object.assign(out, flatten(item as Record<string, unknown>, `${name}.`));
    } else if (Array.isArray(item)) out[name] = JSON.stringify(item);
    else out[name] = (item ?? null) as string | number | boolean | null;
  }
  return out;
}
