import { SESSION_FORMAT_VERSION, type ParsedSession } from '../../shared/session-format';
import { coreTable, processTable, resultTable, type Table } from './session-tables';

/** Renders a table as RFC 4180 CSV; an unavailable value is an empty cell, never 0. */
export function toCsv(table: Table): string {
  const cell = (value: string | number | boolean | null): string => {
    if (value === null) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    table.columns.map(cell).join(','),
    ...table.rows.map((row) => row.map(cell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The CSV files of a session, by name suffix: cores always; processes and results when recorded. */
export function sessionCsvFiles(session: ParsedSession): Map<string, string> {
  const files = new Map<string, string>([['cores', toCsv(coreTable(session))]]);
  const processes = processTable(session);
  if (processes.rows.length > 0) files.set('processes', toCsv(processes));
  const results = resultTable(session);
  if (results.rows.length > 0) files.set('results', toCsv(results));
  return files;
}

/**
 * The whole session as one JSON document (see docs/recording.md, "Export"): the header, then
 * each stream's records in order as { t, payload }, t in ms since the recording began.
 */
export function sessionJson(session: ParsedSession): string {
  const streams: Record<string, { t: number; payload: unknown }[]> = {};
  for (const record of session.records) {
    (streams[record.stream] ??= []).push({ t: record.t, payload: record.payload });
  }
  return `${JSON.stringify(
    {
      format: 'concurrency-lab-session-export',
      version: SESSION_FORMAT_VERSION,
      header: session.header,
      interrupted: session.interrupted,
      streams,
    },
    null,
    1,
  )}\n`;
}
