import { isMainThread, parentPort } from 'node:worker_threads';
import {
  CRASH_EXIT_CODE,
  type FromWorker,
  type ToWorker,
  type UsageReport,
} from '../experiments/protocol/task-worker-protocol';
import { combineChecksum, runTask, type WorkloadConfig } from '../experiments/tasks/workloads';
import { nameLibuvPool, nameThisThread, thisThreadId } from '../os/threads';
import { watchParent } from '../os/watch-parent';

/**
 * A task worker of the experiment host: runs as a worker thread (pool of threads, thread per
 * task, the sequential and async loops) or as a child process (pool of processes, process per
 * task). It names itself, then runs tasks the host sends, or a whole loop of them.
 */

/** Progress from a loop is posted at most this often (no timers: CPU tasks block the loop). */
const LOOP_PROGRESS_MS = 50;

const inProcess = isMainThread;
const send = (message: FromWorker, then?: () => void): void => {
  if (inProcess) process.send?.(message, undefined, undefined, () => then?.());
  else {
    parentPort?.postMessage(message);
    then?.();
  }
};

let config: WorkloadConfig | null = null;
let crashAtTask: number | null = null;
let loopMode: { tasks: number; concurrency: number } | null = null;

function crashIfAsked(index: number): void {
  if (index !== crashAtTask) return;
  // A process dies by a signal, a thread by an exit code: the host must report either.
  if (inProcess) process.kill(process.pid, 'SIGKILL');
  else process.exit(CRASH_EXIT_CODE);
}

async function runOne(index: number): Promise<number> {
  if (config === null) throw new Error('task before init');
  crashIfAsked(index);
  const result = await runTask(config, index);
  return result;
}

async function runLoop(tasks: number, concurrency: number): Promise<void> {
  let next = 0;
  let done = 0;
  let checksum = 0;
  let lastPost = performance.now();
  const lane = async (): Promise<void> => {
    while (next < tasks) {
      const index = next;
      next += 1;
      const result = await runOne(index);
      checksum = combineChecksum(checksum, index, result);
      done += 1;
      const now = performance.now();
      if (now - lastPost >= LOOP_PROGRESS_MS) {
        lastPost = now;
        send({ type: 'progress', done });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks) }, lane));
  send({ type: 'loop-done', checksum, done });
}

function usage(): UsageReport {
  const ru = process.resourceUsage();
  return {
    voluntaryCtxSwitches: ru.voluntaryContextSwitches,
    involuntaryCtxSwitches: ru.involuntaryContextSwitches,
    maxRssBytes: ru.maxRSS * 1024,
  };
}

function fail(error: unknown): void {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function onMessage(message: ToWorker): void {
  switch (message.type) {
    case 'init':
      config = message.config;
      crashAtTask = message.crashAtTask;
      if (message.mode.kind === 'loop') loopMode = message.mode;
      nameThisThread(message.name);
      if (message.nameLibuvPool && message.config.workload === 'file') {
        // This process's file reads go through its own libuv pool: name it, then say ready.
        void nameLibuvPool().then((tids) => {
          send({ type: 'libuv-pool', threads: tids.length });
          send({ type: 'ready', pid: process.pid, tid: thisThreadId() });
        });
        return;
      }
      send({ type: 'ready', pid: process.pid, tid: thisThreadId() });
      return;
    case 'run-loop':
      if (loopMode !== null) runLoop(loopMode.tasks, loopMode.concurrency).catch(fail);
      return;
    case 'task':
      runOne(message.index).then(
        (result) => send({ type: 'done', index: message.index, result }),
        fail,
      );
      return;
    case 'close':
      if (inProcess) send({ type: 'usage', usage: usage() }, () => process.exit(0));
      else process.exit(0);
      return;
  }
}

if (inProcess) {
  // A child process: leave as soon as the host is gone, whatever killed it.
  watchParent(() => process.exit(1));
  process.on('message', (message) => onMessage(message as ToWorker));
} else {
  parentPort?.on('message', onMessage);
}
