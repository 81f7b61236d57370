import { homedir } from 'node:os';
import { join } from 'node:path';
import { osName } from '../os/platform';

/** Where recordings go by default: the platform's per-user data folder. */
export function defaultRecordingsDir(): string {
  const home = homedir();
  const platform = osName();
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'Concurrency Lab', 'recordings');
  }
  if (platform === 'win32') {
    return join(
      process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming'),
      'Concurrency Lab',
      'recordings',
    );
  }
  return join(
    process.env['XDG_DATA_HOME'] ?? join(home, '.local', 'share'),
    'concurrency-lab',
    'recordings',
  );
}

/** A new recording's file name, from its start time: session-2026-11-21T16-40-05.ndjson. */
export function recordingFileName(startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replaceAll(':', '-');
  return `session-${stamp}.ndjson`;
}
