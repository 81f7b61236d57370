import { readFile } from 'node:fs/promises';
import type { ExportFormat } from '../../shared/recording';
import { parseSession, SessionFileError, type ParsedSession } from '../../shared/session-format';
import { writeFileAtomic } from './atomic-write';
import { sessionCsvFiles, sessionJson } from './export-formats';
import { sessionTrace } from './export-trace';

/** Reads and parses a session file; errors name the file, line and field. */
export async function readSessionFile(path: string): Promise<ParsedSession> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`;
    throw new Error(`${path}: ${reason}`, { cause: error });
  }
  try {
    return parseSession(text);
  } catch (error) {
    if (error instanceof SessionFileError)
      throw new Error(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The default output path of an export: beside the session, named after it. */
export function defaultExportPath(sessionPath: string, format: ExportFormat): string {
  const base = sessionPath.replace(/\.ndjson$/, '');
  return format === 'trace'
    ? `${base}.trace.json`
    : format === 'json'
      ? `${base}.json`
      : `${base}.csv`;
}

/**
 * Exports a session file; each output is written atomically. CSV writes one file per table,
 * `<out>-cores.csv`, `<out>-processes.csv`, `<out>-results.csv` (out's .csv removed).
 * Resolves to the paths written.
 */
export async function exportSessionFile(
  sessionPath: string,
  format: ExportFormat,
  outPath: string = defaultExportPath(sessionPath, format),
): Promise<string[]> {
  const session = await readSessionFile(sessionPath);
  if (format === 'json') {
    await writeFileAtomic(outPath, sessionJson(session));
    return [outPath];
  }
  if (format === 'trace') {
    await writeFileAtomic(outPath, JSON.stringify(sessionTrace(session)));
    return [outPath];
  }
  const base = outPath.replace(/\.csv$/, '');
  const written: string[] = [];
  for (const [table, csv] of sessionCsvFiles(session)) {
    const path = `${base}-${table}.csv`;
    await writeFileAtomic(path, csv);
    written.push(path);
  }
  return written;
}
