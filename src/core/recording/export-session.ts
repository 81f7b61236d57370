import type { Stats } from 'node:fs';
import type { ExportFormat } from '../../shared/recording';
import { parseSession, SessionFileError, type ParsedSession } from '../../shared/session-format';
import { writeFilesAtomic } from './atomic-write';
import { sessionCsvFiles, sessionJson } from './export-formats';
import { sessionTrace } from './export-trace';
import { checkOutputPath, readRegularFile } from './file-checks';

/** Reads and parses a session file; errors name the file, line and field. */
export async function readSessionFile(path: string): Promise<ParsedSession> {
  return (await readSession(path)).session;
}

async function readSession(path: string): Promise<{ session: ParsedSession; stats: Stats }> {
  const { text, stats } = await readRegularFile(path);
  try {
    return { session: parseSession(text), stats };
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
 * Exports a session file. CSV writes one file per table, `<out>-cores.csv`,
 * `<out>-processes.csv`, `<out>-results.csv` (out's .csv removed), as one set: all or none.
 * An output that is the input itself, or a special file, is refused before anything is written.
 * Warnings about the input (a cut-off last line) go to `onWarning`. Resolves to the paths written.
 */
export async function exportSessionFile(
  sessionPath: string,
  format: ExportFormat,
  outPath: string = defaultExportPath(sessionPath, format),
  onWarning: (warning: string) => void = () => {},
): Promise<string[]> {
  const { session, stats } = await readSession(sessionPath);
  for (const warning of session.warnings) onWarning(`${sessionPath}: ${warning}`);
  const files: [string, string][] = [];
  if (format === 'json') files.push([outPath, sessionJson(session)]);
  else if (format === 'trace') files.push([outPath, JSON.stringify(sessionTrace(session))]);
  else {
    const base = outPath.replace(/\.csv$/, '');
    for (const [table, csv] of sessionCsvFiles(session)) files.push([`${base}-${table}.csv`, csv]);
  }
  for (const [path] of files) await checkOutputPath(path, { path: sessionPath, stats });
  await writeFilesAtomic(files);
  return files.map(([path]) => path);
}
