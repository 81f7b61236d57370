import { z } from 'zod';
import type { PythonRaceMode } from '../../../shared/ipc-requests';
import type { RaceResult } from '../../../shared/ipc-results';
import { ipcPython } from '../mechanisms/python-interpreter';
import { runPythonLines } from './python-lines';

const count = z.number().int().nonnegative();
const pid = z.number().int().positive();

/** A line race_demo.py writes. */
const raceLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), pid, version: z.string().max(40) }),
  z.object({ type: z.literal('pids'), pids: z.array(pid).max(64) }),
  z.object({
    type: z.literal('race'),
    mode: z.enum(['py-threads', 'py-threads-fast-switch', 'py-processes', 'py-processes-locked']),
    expected: count,
    actual: count,
    elapsedMs: z.number().nonnegative(),
    switchInterval: z.number().positive().nullable(),
  }),
  z.object({ type: z.literal('error'), message: z.string().max(2000) }),
]);

/** What the result of a mode that could not run says: no counts, the reason. */
function unavailable(
  mode: PythonRaceMode,
  workers: number,
  iterations: number,
  error: string,
): RaceResult {
  return {
    mode,
    workers,
    iterations,
    expected: workers * iterations,
    actual: 0,
    lostUpdates: 0,
    elapsedMs: 0,
    runtime: 'python',
    error,
  };
}

/**
 * The Python race modes, all in one race_demo.py run: W threads or processes each add 1 to one
 * counter T times. Without Python (or when the script fails) each mode is still listed, with
 * the reason, so the Node rows beside them stay usable.
 */
export async function runPythonRace(
  modes: PythonRaceMode[],
  workers: number,
  iterations: number,
  signal: AbortSignal,
  onPids?: (pids: number[]) => void,
): Promise<RaceResult[]> {
  const reason = ipcPython().reason;
  if (ipcPython().path === null) {
    return modes.map((m) => unavailable(m, workers, iterations, reason ?? 'no Python'));
  }
  const results = new Map<PythonRaceMode, RaceResult>();
  let version: string | undefined;
  let scriptError: string | null = null;
  try {
    await runPythonLines(
      'race_demo.py',
      { modes, workers, iterations },
      raceLineSchema,
      (line) => {
        if (line.type === 'hello') version = line.version;
        if (line.type === 'pids') onPids?.(line.pids);
        if (line.type === 'error') scriptError = line.message;
        if (line.type !== 'race') return;
        const result: RaceResult = {
          mode: line.mode,
          workers,
          iterations,
          expected: line.expected,
          actual: line.actual,
          lostUpdates: line.expected - line.actual,
          elapsedMs: line.elapsedMs,
          runtime: 'python',
        };
        if (version !== undefined) result.pythonVersion = version;
        if (line.switchInterval !== null) result.switchIntervalS = line.switchInterval;
        results.set(line.mode, result);
      },
      { signal, onPid: (pid) => onPids?.([pid]) },
    );
  } catch (error) {
    // A Stop ends the whole demo; a failing script is reported on the rows it left undone.
    if (signal.aborted) throw error;
    scriptError ??= error instanceof Error ? error.message : String(error);
  }
  return modes.map(
    (m) =>
      results.get(m) ??
      unavailable(m, workers, iterations, `Python: ${scriptError ?? 'no result reported'}`),
  );
}
