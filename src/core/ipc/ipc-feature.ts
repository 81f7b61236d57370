import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompareResult, IpcJobKind, IpcJobState, RaceResult } from '../../shared/ipc';
import type { LabFeature, StreamEmitter } from '../feature';
import { resolveEntry } from '../paths';
import type { TrackedProcesses } from '../tracked-processes';
import { listMechanisms } from './mechanisms';
import type { FromRunner, RunnerJob, ToRunner } from './runner-protocol';

/** The IPC lab's call channels. */
export type IpcCalls =
  | 'ipc:mechanisms'
  | 'ipc:state'
  | 'ipc:start'
  | 'ipc:producer-consumer'
  | 'ipc:compare'
  | 'ipc:race'
  | 'ipc:stop';

/** How long a runner may take to wind down after Stop before it is killed. */
const STOP_GRACE_MS = 3000;

/** One job in progress: its runner process and what it reported so far. */
interface ActiveJob {
  runId: string;
  kind: IpcJobKind;
  child: ChildProcess;
  tempRoot: string;
  pids: number[];
  /** Resolves once the runner has exited and its temp root is removed. */
  ended: Promise<void>;
}

/**
 * The IPC lab: every job (a mechanism run, producer–consumer, compare, race demo) runs in its own
 * runner process, forked per job, so none of the traffic touches this process's event loop. Its
 * processes are reported to `tracked` under 'ipc' while it runs.
 */
export function createIpcFeature(
  emit: StreamEmitter,
  tracked: TrackedProcesses,
): LabFeature<IpcCalls> {
  let active: ActiveJob | null = null;

  const state = (): IpcJobState => ({
    active: active && { runId: active.runId, kind: active.kind, pids: active.pids },
  });

  /** Forks a runner for `job`; `onMessage` sees everything it reports. */
  async function startJob(
    job: RunnerJob,
    onMessage: (message: FromRunner) => void,
  ): Promise<ActiveJob> {
    if (active) throw new Error(`an IPC ${active.kind} is already running; stop it first`);
    const runId = randomUUID();
    const tempRoot = await mkdtemp(join(tmpdir(), 'concurrency-lab-ipc-'));
    const entry = resolveEntry('ipc-runner');
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const pids = child.pid === undefined ? [] : [child.pid];
    const ended = new Promise<void>((resolve) => {
      child.once('exit', () => {
        if (active?.child === child) active = null;
        tracked.set('ipc', []);
        emit('ipc:state', state());
        void rm(tempRoot, { recursive: true, force: true }).finally(resolve);
      });
    });
    const current: ActiveJob = { runId, kind: job.kind, child, tempRoot, pids, ended };
    active = current;
    tracked.set('ipc', pids);
    emit('ipc:state', state());
    child.on('message', (message: FromRunner) => {
      if (message.type === 'pids') {
        current.pids = [...new Set([...(child.pid ? [child.pid] : []), ...message.pids])];
        tracked.set('ipc', current.pids);
        emit('ipc:state', state());
      }
      onMessage(message);
    });
    const start: ToRunner = { type: 'start', runId, job, tempRoot };
    child.send(start);
    return current;
  }

  /** Asks the runner to stop; kills it and every process it reported if it does not exit soon. */
  async function stopJob(job: ActiveJob): Promise<void> {
    if (job.child.exitCode === null && job.child.signalCode === null && job.child.connected) {
      const stop: ToRunner = { type: 'stop' };
      job.child.send(stop);
    }
    const timer = setTimeout(() => {
      for (const pid of job.pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
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
      'ipc:mechanisms': () => listMechanisms(),
      'ipc:state': state,
      'ipc:start': async (request) => {
        await startJob({ kind: 'run', request }, (message) => {
          if (message.type === 'traffic') emit('ipc:traffic', message.sample);
          if (message.type === 'run-result')
            emit('ipc:result', { kind: 'run', result: message.result });
          if (message.type === 'failed') console.error('[ipc] runner failed:', message.error);
        });
        return state();
      },
      'ipc:producer-consumer': async (request) => {
        await startJob({ kind: 'producer-consumer', request }, (message) => {
          if (message.type === 'queue') emit('ipc:queue', message.sample);
          if (message.type === 'pc-result') {
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
          emit('ipc:result', { kind: 'compare', result: message.result, done: true });
          return message.result;
        }),
      'ipc:race': (request) =>
        jobResult<RaceResult[]>({ kind: 'race', request }, (message) =>
          message.type === 'race-result' ? message.results : undefined,
        ),
      'ipc:stop': async () => {
        if (active) await stopJob(active);
        return state();
      },
    },
    dispose: async () => {
      if (active) await stopJob(active);
    },
  };
}
