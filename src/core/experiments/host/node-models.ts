import type { ResolvedExperimentParams } from '../../../shared/experiment-params';
import { startProcessWorker, startThreadWorker, type TaskWorker } from './task-workers';
import { WorkerSession, type ModelReporter, type SessionSettings } from './worker-session';
import { combineChecksum } from '../tasks/workloads';

/**
 * The Node execution models. Each runs every task of a run once and returns the combined
 * checksum; any worker that dies makes the returned promise reject with the reason.
 */

/** What a model produced. */
export interface ModelOutcome {
  checksum: number;
  /** Threads or processes that ran tasks at the same time, at most. */
  parallelWorkers: number;
}

/** The short prefix of worker names for a workload: 'cpu', 'io' or 'mix'. */
export function workerPrefix(params: ResolvedExperimentParams): string {
  if (params.workload === 'cpu') return 'cpu';
  if (params.workload === 'mixed') return 'mix';
  return 'io';
}

type Start = (name: string) => TaskWorker;

async function runLoopModel(
  params: ResolvedExperimentParams,
  settings: SessionSettings,
  reporter: ModelReporter,
  concurrency: number,
  name: string,
): Promise<ModelOutcome> {
  // Only the async model is a loop of tasks that wait: its tasks and its loop are watched.
  const watched = params.model === 'node-async';
  const mode = {
    kind: 'loop' as const,
    tasks: params.tasks,
    concurrency,
    traceTasks: watched && params.traceTasks,
    loopDelay: watched,
  };
  const session = new WorkerSession(startThreadWorker(name), settings, mode, reporter);
  await session.ready;
  reporter.measureFrom();
  const checksum = await session.loopChecksum();
  await session.close();
  return { checksum, parallelWorkers: 1 };
}

async function runPool(
  params: ResolvedExperimentParams,
  settings: SessionSettings,
  reporter: ModelReporter,
  start: Start,
  suffix: string,
): Promise<ModelOutcome> {
  const prefix = workerPrefix(params);
  const sessions = Array.from(
    { length: params.workers },
    (_, i) =>
      new WorkerSession(start(`${prefix}-${suffix}${i + 1}`), settings, { kind: 'pool' }, reporter),
  );
  let checksum = 0;
  const record = (session: WorkerSession, index: number, result: number): void => {
    checksum = combineChecksum(checksum, index, result);
    reporter.taskDone(session.worker.name);
  };
  if (params.submit === 'apply') {
    // pool.apply: the submitter waits for each task, so only one worker is ever busy.
    for (let index = 0; index < params.tasks; index += 1) {
      const session = sessions[index % sessions.length];
      if (session === undefined) throw new Error('empty pool');
      record(session, index, await session.runTask(index));
    }
  } else {
    // apply_async: every task is queued at once; each idle worker takes the next.
    let next = 0;
    await Promise.all(
      sessions.map(async (session) => {
        while (next < params.tasks) {
          const index = next;
          next += 1;
          record(session, index, await session.runTask(index));
        }
      }),
    );
  }
  // close + join: every worker exits and is waited for.
  await Promise.all(sessions.map((session) => session.close()));
  return { checksum, parallelWorkers: params.submit === 'apply' ? 1 : params.workers };
}

async function runPerTask(
  params: ResolvedExperimentParams,
  settings: SessionSettings,
  reporter: ModelReporter,
  start: Start,
  suffix: string,
): Promise<ModelOutcome> {
  const prefix = workerPrefix(params);
  const slots = Math.min(params.workers, params.tasks);
  let next = 0;
  let checksum = 0;
  await Promise.all(
    Array.from({ length: slots }, async (_, slot) => {
      while (next < params.tasks) {
        const index = next;
        next += 1;
        const session = new WorkerSession(
          start(`${prefix}-${suffix}${index + 1}`),
          settings,
          { kind: 'pool' },
          reporter,
        );
        const result = await session.runTask(index);
        checksum = combineChecksum(checksum, index, result);
        reporter.taskDone(`slot ${slot + 1}`);
        await session.close();
      }
    }),
  );
  return { checksum, parallelWorkers: slots };
}

/** Runs a Node model to its checksum. */
export function runNodeModel(
  params: ResolvedExperimentParams,
  settings: SessionSettings,
  reporter: ModelReporter,
): Promise<ModelOutcome> {
  const prefix = workerPrefix(params);
  switch (params.model) {
    case 'node-sequential':
      return runLoopModel(params, settings, reporter, 1, `${prefix}-seq`);
    case 'node-async':
      return runLoopModel(params, settings, reporter, params.concurrency, `${prefix}-async`);
    case 'node-worker-pool':
      return runPool(params, settings, reporter, startThreadWorker, 'w');
    case 'node-process-pool':
      return runPool(params, settings, reporter, startProcessWorker, 'p');
    case 'node-thread-per-task':
      return runPerTask(params, settings, reporter, startThreadWorker, 'w');
    case 'node-process-per-task':
      return runPerTask(params, settings, reporter, startProcessWorker, 'p');
    default:
      return Promise.reject(new Error(`${params.model} is not a Node model`));
  }
}
