import { isMainThread, parentPort } from 'node:worker_threads';
import {
  CRASH_EXIT_CODE,
  type FromWorker,
  type ToWorker,
  type UsageReport,
  type WorkerMode,
} from '../experiments/protocol/task-worker-protocol';
import { LoopDelayMonitor } from '../experiments/tasks/loop-delay';
import { TaskTracer, type TaskTurns } from '../experiments/tasks/task-tracer';
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
/**
 * A loop starts its next task only after giving the event loop a turn, once this long has
 * passed since it last had one: as a server's requests arrive as events, so timers (and the
 * loop-delay monitor) run between long tasks instead of once after the whole run.
 */
const LOOP_TURN_MS = 10;

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
let loopMode: Extract<WorkerMode, { kind: 'loop' }> | null = null;

function crashIfAsked(index: number): void {
  if (index !== crashAtTask) return;
  // A process dies by a signal, a thread by an exit code: the host must report either.
  if (inProcess) process.kill(process.pid, 'SIGKILL');
  else process.exit(CRASH_EXIT_CODE);
}

async function runOne(index: number, turns?: TaskTurns): Promise<number> {
  if (config === null) throw new Error('task before init');
  crashIfAsked(index);
  const result = await runTask(config, index, turns);
  return result;
}

async function runLoop(mode: Extract<WorkerMode, { kind: 'loop' }>): Promise<void> {
  const { tasks, concurrency } = mode;
  const tracer = mode.traceTasks
    ? new TaskTracer('node-event-loop', process.pid, thisThreadId())
    : null;
  const delay = mode.loopDelay
    ? new LoopDelayMonitor((interval) =>
        send({ type: 'loop-delay', delay: interval, wholeRun: false }),
      )
    : null;
  let next = 0;
  let done = 0;
  let checksum = 0;
  let lastPost = performance.now();
  let lastTurn = performance.now();
  let started = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks) {
      while (performance.now() - lastTurn >= LOOP_TURN_MS) {
        const before = started;
        await new Promise((resolve) => setImmediate(resolve));
        // A fresh turn only if no other lane's task ran meanwhile (immediates queued together
        // run back to back): else yield again, so each long task gets a turn of its own.
        if (started === before) lastTurn = performance.now();
      }
      if (next >= tasks) return;
      const index = next;
      next += 1;
      started += 1;
      const task = tracer?.begin(index);
      const result = await runOne(index, task);
      task?.finish();
      checksum = combineChecksum(checksum, index, result);
      done += 1;
      const now = performance.now();
      if (now - lastPost >= LOOP_PROGRESS_MS) {
        lastPost = now;
        send({ type: 'progress', done });
      }
      delay?.poll();
    }
  };
  delay?.start();
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks) }, lane));
  if (delay !== null) send({ type: 'loop-delay', delay: delay.stop(), wholeRun: true });
  if (tracer !== null) {
    const packed = tracer.pack();
    // In a worker thread (every loop runs in one) the trace's buffer moves to the host; a
    // process sends JSON, which has no typed arrays.
    if (inProcess) send({ type: 'tasks', packed: { ...packed, data: Array.from(packed.data) } });
    else parentPort?.postMessage({ type: 'tasks', packed }, [packed.data.buffer as ArrayBuffer]);
  }
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
      if (loopMode !== null) runLoop(loopMode).catch(fail);
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
