import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { PythonStatus } from '../../../shared/experiment-params';
import {
  formatLabMessage,
  labError,
  said,
  saidOf,
  type LabMessage,
} from '../../../shared/lab-messages';
import { pythonScriptPath } from '../host/python-model';
import { untrustedExecutableReason } from './trusted-executable';

/**
 * Finds the python3 the Python models run on. /usr/bin/python3 comes first: a pyenv shim on
 * PATH takes ~130 ms to start instead of ~18 ms, which would show up in every short run.
 */

/** Where to look when no path is configured, in order. */
export const PYTHON_CANDIDATES = [
  '/usr/bin/python3',
  '/usr/local/bin/python3',
  'python3',
  'python',
];
/** The oldest Python the scripts support. */
export const MIN_PYTHON: readonly [number, number] = [3, 8];

const PROBE_TIMEOUT_MS = 5000;

interface ProbeAnswer {
  version: string;
  gilEnabled: boolean;
  gilSource: NonNullable<PythonStatus['gilSource']>;
  freeThreaded: boolean;
  /** Whether gevent is importable. */
  gevent: boolean;
}

function unavailable(path: string | null, configured: boolean, why: LabMessage): PythonStatus {
  return {
    available: false,
    path,
    configured,
    version: null,
    gilEnabled: null,
    gilSource: null,
    freeThreadedBuild: null,
    gevent: null,
    error: formatLabMessage(why),
    errorSaid: why,
  };
}

function runProbe(path: string): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    execFile(
      path,
      ['-B', pythonScriptPath(), '--probe'],
      { timeout: PROBE_TIMEOUT_MS, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') reject(labError('fsNoEntry'));
          else if (code === 'EACCES') reject(labError('probeNotExecutable'));
          else reject(new Error(stderr.trim().split('\n').pop() || error.message));
          return;
        }
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ProbeAnswer);
        } catch {
          reject(new Error(`did not answer like python3 (${stdout.slice(0, 80)})`));
        }
      },
    );
  });
}

function isRecentEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

/** The full path a bare command name runs from, looked up on PATH as a shell would; null if none. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!isAbsolute(dir)) continue; // a relative PATH entry depends on the working folder
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Checks one interpreter: that no other user could have planted or changed it (it is run as the
 * lab's user, even by the probe), its version (≥ 3.8) and whether it has the GIL. A bare name
 * (python3) is looked up on PATH first, so the file checked is the file run.
 */
export async function probePython(given: string, configured: boolean): Promise<PythonStatus> {
  const path = isAbsolute(given) ? given : onPath(given);
  if (path === null) {
    return unavailable(given, configured, said('pythonNotOnPath', { path: given }));
  }
  if (!existsSync(path)) {
    return unavailable(path, configured, said('pythonNoFile', { path }));
  }
  const untrusted = await untrustedExecutableReason(path);
  if (untrusted !== null) {
    return unavailable(path, configured, said('pythonNotRun', { path, why: untrusted }));
  }
  let answer: ProbeAnswer;
  try {
    answer = await runProbe(path);
  } catch (error) {
    const why = saidOf(error) ?? (error instanceof Error ? error.message : String(error));
    return unavailable(path, configured, said('pythonNotUsable', { path, why }));
  }
  if (!isRecentEnough(answer.version)) {
    return unavailable(
      path,
      configured,
      said('pythonTooOld', { path, version: answer.version, needed: MIN_PYTHON.join('.') }),
    );
  }
  return {
    available: true,
    path,
    configured,
    version: answer.version,
    gilEnabled: answer.gilEnabled,
    gilSource: answer.gilSource,
    freeThreadedBuild: answer.freeThreaded,
    gevent: answer.gevent,
    error: null,
  };
}

/** The configured interpreter, or the first usable candidate when none is configured. */
export async function findPython(configuredPath: string | null): Promise<PythonStatus> {
  if (configuredPath !== null) return probePython(configuredPath, true);
  for (const candidate of PYTHON_CANDIDATES) {
    const status = await probePython(candidate, false);
    if (status.available) return status;
  }
  return unavailable(
    null,
    false,
    said('pythonNotFound', {
      needed: MIN_PYTHON.join('.'),
      candidates: PYTHON_CANDIDATES.join(', '),
    }),
  );
}
