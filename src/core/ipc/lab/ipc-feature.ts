import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { labError, type LabMessageKey } from '../../../shared/lab-messages';
import {
  IPC_RESULTS_KEPT,
  type CompareResult,
  type IpcJobKind,
  type IpcJobState,
  type IpcResults,
  type RaceResult,
} from '../../../shared/ipc-results';
import type { PythonStatus } from '../../../shared/experiment-params';
import type { LabFeature, StreamEmitter } from '../../feature';
import type { TrackedProcesses } from '../../tracked-processes';
import { listMechanisms } from '../mechanisms/registry';
import { ipcPythonFrom, NO_PYTHON_GIVEN, type IpcPython } from '../mechanisms/python-interpreter';
import type { FromRunner, RunnerJob, ToRunner } from '../protocol/runner-protocol';
import { FIFO_CHECK_PREFIX } from '../../os/fifo';
import { makeOwnedTempDir, sweepDeadOwnersTempDirs } from '../../os/owned-temp';
import { signalPid } from '../../os/process-tree';
import { startEntry, type StartedEntry } from '../../os/spawn';

/** The IPC lab's call channels. */
export type IpcCalls =
  | 'ipc:mechanisms'
  | 'ipc:state'
  | 'ipc:start'
  | 'ipc:producer-consumer'
  | 'ipc:compare'
  | 'ipc:race'
  | 'ipc:stop'
  | 'ipc:results';

/**
 * Every job folder's name starts with this, in the system temp folder; a start removes those
 * left by a dead app (see owned-temp.ts).
 */
export const IPC_TEMP_PREFIX = 'concurrency-lab-ipc-';

/** The folders a job start sweeps: job folders, and FIFO-check folders of a killed check. */
export const IPC_SWEPT_PREFIXES = [IPC_TEMP_PREFIX, FIFO_CHECK_PREFIX] as const;

/** How long a runner may take to wind down after Stop before it is killed. */
const STOP_GRACE_MS = 3000;

/** One job in progress: its runner process and what it reported so far. */
interface ActiveJob {
  runId: string;
  kind: IpcJobKind;
  runner: StartedEntry;
  tempRoot: string;
  pids: number[];
  /** Resolves once the runner has exited and its temp root is removed. */
  ended: Promise<void>;
}

/** The job slot: taken when a start is accepted, freed when its runner has exited. */
interface JobSlot {
  runId: string;
  kind: IpcJobKind;
  /** Null while the job is still starting (its temp folder is being made). */
  job: ActiveJob | null;
  /** Set by Stop while the job is still starting: it then never forks a runner. */
  cancelled: boolean;
  /** Resolves once the start has forked its runner or given up. */
  starting: Promise<void>;
}

/** How a refusal names the job that holds the slot. */
const BUSY: Record<IpcJobKind, LabMessageKey> = {
  run: 'ipcBusyRun',
  'producer-consumer': 'ipcBusyProducerConsumer',
  compare: 'ipcBusyCompare',
  race: 'ipcBusyRace',
};

/**
 * The IPC lab: every job (a mechanism run, producer–consumer, compare, race demo) runs in its own
 * runner process, forked per job, so none of the traffic touches this process's event loop. Its
 * processes are reported to `tracked` under 'ipc' while it runs. One job at a time: a second
 * start while one runs (or is starting) is refused, and Stop ends whatever holds the slot.
 * Finished results are kept (the last `keptResults` of each kind) until the lab is disposed.
 */
export function createIpcFeature(
  emit: StreamEmitter,
  tracked: TrackedProcesses,
  options: {
    keptResults?: number;
    /** The Experiments tab's Python status: the Python mechanisms run on that interpreter. */
    python?: () => Promise<PythonStatus>;
  } = {},
): LabFeature<IpcCalls> {
  /** The interpreter for Python mechanisms, asked for each time (the user may change it). */
  const python = async (): Promise<IpcPython> => {
    if (!options.python) return NO_PYTHON_GIVEN;
    try {
      return ipcPythonFrom(await options.python());
    } catch (error) {
      return { path: null, reason: error instanceof Error ? error.message : String(error) };
    }
  };
  /**
   * The one job slot. It is taken synchronously, before any await, so that of concurrent starts
   * exactly one gets it; `job` is set once the runner is forked.
   */
  let slot: JobSlot | null = null;
  /** Finished results, kept until the app closes so a reloaded page (or a second) sees them. */
  const kept: IpcResults = { runs: [], producerConsumer: [], compares: [], races: [] };
  const keep = <T>(list: T[], result: T): void => {
    list.push(result);
    if (list.length > (options.keptResults ?? IPC_RESULTS_KEPT)) list.shift();
  };

  const state = (): IpcJobState => ({
    active: slot && {
      runId: slot.runId,
      kind: slot.kind,
      pids: slot.job?.pids ?? [],
    },
  });

  /** Forks a runner for `job`; `onMessage` sees everything it reports. */
  async function startJob(
    job: RunnerJob,
    onMessage: (message: FromRunner) => void,
  ): Promise<ActiveJob> {
    if (slot) {
      throw labError(BUSY[slot.kind]);
    }
    let settle: () => void = () => undefined;
    const reserved: JobSlot = {
      runId: randomUUID(),
      kind: job.kind,
      job: null,
      cancelled: false,
      starting: new Promise<void>((resolve) => (settle = resolve)),
    };
    slot = reserved;
    emit('ipc:state', state());
    let tempRoot: string;
    let interpreter: IpcPython;
    try {
      interpreter = await python();
      // Folders left by an app that was SIGKILLed mid-run (its runner could not be told).
      await sweepDeadOwnersTempDirs(IPC_SWEPT_PREFIXES);
      tempRoot = makeOwnedTempDir(IPC_TEMP_PREFIX);
    } catch (error) {
      slot = null;
      settle();
      emit('ipc:state', state());
      throw error;
    }
    if (reserved.cancelled) {
      await rm(tempRoot, { recursive: true, force: true });
      slot = null;
      settle();
      emit('ipc:state', state());
      throw labError('ipcStoppedBeforeStart');
    }
    // From here to the end the start is synchronous: a Stop sees the job with its runner.
    const runId = reserved.runId;
    // The folder is also an argument: a runner whose lab dies before 'start' still removes it.
    let runner: StartedEntry;
    try {
      runner = startEntry('ipc-runner', {
        kind: 'process',
        args: [tempRoot],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
    } catch (error) {
      await rm(tempRoot, { recursive: true, force: true });
      slot = null;
      settle();
      emit('ipc:state', state());
      throw error;
    }
    const pids = [runner.pid];
    const ended = runner.exited.then(async () => {
      if (slot === reserved) slot = null;
      tracked.set('ipc', []);
      emit('ipc:state', state());
      await rm(tempRoot, { recursive: true, force: true }).catch(() => undefined);
    });
    const current: ActiveJob = { runId, kind: job.kind, runner, tempRoot, pids, ended };
    reserved.job = current;
    settle();
    tracked.set('ipc', pids);
    emit('ipc:state', state());
    runner.onMessage((raw) => {
      const message = raw as FromRunner;
      if (message.type === 'pids') {
        current.pids = [...new Set([runner.pid, ...message.pids])];
        tracked.set('ipc', current.pids);
        emit('ipc:state', state());
      }
      onMessage(message);
    });
    const start: ToRunner = { type: 'start', runId, job, tempRoot, python: interpreter };
    runner.send(start);
    return current;
  }

  /** Stops whatever holds the slot: a running job, or one still starting (it never forks). */
  async function stopSlot(): Promise<void> {
    const current = slot;
    if (current === null) return;
    if (current.job === null) {
      current.cancelled = true;
      await current.starting;
    }
    if (current.job !== null) await stopJob(current.job);
  }

  /** Asks the runner to stop; kills it and every process it reported if it does not exit soon. */
  async function stopJob(job: ActiveJob): Promise<void> {
    const stop: ToRunner = { type: 'stop' };
    job.runner.send(stop); // dropped when the runner has already ended
    const timer = setTimeout(() => {
      for (const pid of job.pids) signalPid(pid, 'SIGKILL');
    }, STOP_GRACE_MS);
    await job.ended;
    clearTimeout(timer);
  }

  /** Runs a job to its end, resolving with what `pick` extracts from the runner's reports. */
  function jobResult<T>(job: RunnerJob, pick: (message: FromRunner) => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let value: T | undefined;
      let failure: string | undefined;
      startJob(job, (message) => {
        if (message.type === 'failed') failure = message.error;
        value ??= pick(message);
      })
        .then((current) => current.ended)
        .then(() => {
          if (value !== undefined) resolve(value);
          else reject(new Error(failure ?? 'the IPC runner exited without a result'));
        }, reject);
    });
  }

  return {
    handlers: {
      'ipc:mechanisms': async () => listMechanisms(await python()),
      'ipc:state': state,
      'ipc:start': async (request) => {
        await startJob({ kind: 'run', request }, (message) => {
          if (message.type === 'traffic') emit('ipc:traffic', message.sample);
          if (message.type === 'run-result') {
            keep(kept.runs, message.result);
            emit('ipc:result', { kind: 'run', result: message.result });
          }
          if (message.type === 'failed') console.error('[ipc] runner failed:', message.error);
        });
        return state();
      },
      'ipc:producer-consumer': async (request) => {
        await startJob({ kind: 'producer-consumer', request }, (message) => {
          if (message.type === 'queue') emit('ipc:queue', message.sample);
          if (message.type === 'pc-result') {
            keep(kept.producerConsumer, message.result);
            emit('ipc:result', { kind: 'producer-consumer', result: message.result });
          }
          if (message.type === 'failed') console.error('[ipc] runner failed:', message.error);
        });
        return state();
      },
      'ipc:compare': (request) =>
        jobResult<CompareResult>({ kind: 'compare', request }, (message) => {
          if (message.type === 'compare-progress') {
            emit('ipc:result', { kind: 'compare', result: message.result, done: false });
          }
          if (message.type !== 'compare-result') return undefined;
          keep(kept.compares, message.result);
          emit('ipc:result', { kind: 'compare', result: message.result, done: true });
          return message.result;
        }),
      'ipc:race': (request) =>
        jobResult<RaceResult[]>({ kind: 'race', request }, (message) => {
          if (message.type !== 'race-result') return undefined;
          keep(kept.races, message.results);
          return message.results;
        }),
      'ipc:results': () => ({
        runs: [...kept.runs],
        producerConsumer: [...kept.producerConsumer],
        compares: [...kept.compares],
        races: [...kept.races],
      }),
      'ipc:stop': async () => {
        await stopSlot();
        return state();
      },
    },
    dispose: stopSlot,
  };
}
