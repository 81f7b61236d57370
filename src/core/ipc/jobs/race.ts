import {
  isPythonRaceMode,
  raceRequestSchema,
  type PythonRaceMode,
  type RaceMode,
  type RaceRequest,
} from '../../../shared/ipc-requests';
import type { RaceResult } from '../../../shared/ipc-results';
import { parseOrThrow } from '../../../shared/validation';
import { setTimeout as sleep } from 'node:timers/promises';
import { deferred, unlessStopped } from '../mechanisms/context';
import { endAll, startWorker, type LabWorker } from './ends';
import { RACE_CELLS } from '../wire/race-layout';
import type { WorkerMessage } from '../protocol/ipc-worker-protocol';
import { runPythonRace } from './python-race';

/**
 * One race: W worker threads each add 1 to a counter in shared memory T times. They wait at a
 * barrier and start together, so they really overlap. 'plain' reads, works, then writes back —
 * a genuine data race; 'atomic' uses Atomics.add; 'mutex' guards the read-work-write with an
 * Atomics mutex.
 */
export async function runRaceOnce(
  mode: RaceMode,
  workers: number,
  iterations: number,
  window: number,
  signal: AbortSignal = new AbortController().signal,
): Promise<RaceResult> {
  const cells = new SharedArrayBuffer(RACE_CELLS.count * 4);
  const shared = new Int32Array(cells);
  const racers: LabWorker[] = [];
  try {
    const finished: Promise<number>[] = [];
    for (let i = 0; i < workers; i += 1) {
      const lab = startWorker(
        { role: 'race', cells, mode, iterations, window },
        { name: `race-${mode}-${i}` },
      );
      racers.push(lab);
      const done = deferred<number>();
      lab.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'done') done.resolve(message.elapsedMs ?? 0);
        if (message.type === 'failed') done.reject(new Error(message.error));
      });
      void lab.exited.then(() => done.reject(new Error('a racer exited early')));
      finished.push(done.promise);
    }
    // Wait (without blocking this thread) until every racer is at the barrier, then open it.
    const anyFailed = Promise.race(finished);
    anyFailed.catch(() => undefined);
    while (Atomics.load(shared, RACE_CELLS.ready) < workers) {
      await unlessStopped(signal, Promise.race([sleep(2), anyFailed]));
    }
    Atomics.store(shared, RACE_CELLS.start, 1);
    Atomics.notify(shared, RACE_CELLS.start);
    const times = await unlessStopped(signal, Promise.all(finished));
    const expected = workers * iterations;
    const actual = Atomics.load(shared, RACE_CELLS.counter);
    return {
      mode,
      runtime: 'node',
      workers,
      iterations,
      expected,
      actual,
      lostUpdates: expected - actual,
      elapsedMs: Math.max(...times),
    };
  } finally {
    await endAll([], racers);
  }
}

/**
 * The `ipc:race` call: each requested mode in turn, in the order asked. The Python modes run
 * together in one script (the window does not apply to them: `+=` is the whole race).
 */
export async function runRace(
  raw: RaceRequest,
  signal: AbortSignal = new AbortController().signal,
  onPids?: (pids: number[]) => void,
): Promise<RaceResult[]> {
  const request = parseOrThrow(raceRequestSchema, raw, 'invalid race demo');
  const pythonModes = request.modes.filter(isPythonRaceMode);
  const python = new Map<PythonRaceMode, RaceResult>();
  const results: RaceResult[] = [];
  for (const mode of request.modes) {
    if (!isPythonRaceMode(mode)) {
      results.push(
        await runRaceOnce(mode, request.workers, request.iterations, request.window, signal),
      );
      continue;
    }
    if (python.size === 0) {
      const ran = await runPythonRace(
        pythonModes,
        request.workers,
        request.iterations,
        signal,
        onPids,
      );
      ran.forEach((result, i) => python.set(pythonModes[i] as PythonRaceMode, result));
    }
    const result = python.get(mode);
    if (result) results.push(result);
  }
  return results;
}
