import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ResolvedExperimentParams } from '../../../shared/experiment-params';
import { resourcesDir } from '../../paths';
import type { ModelOutcome } from './node-models';
import { workerPrefix } from './node-models';
import type { WorkerExit } from './task-workers';
import type { UsageReport } from '../protocol/task-worker-protocol';
import type { ModelReporter } from './worker-session';
import type { WorkloadConfig } from '../tasks/workloads';
import { loopDelayOfLine, taskTraceOfLine } from './python-task-lines';

/** The script that runs the Python models. */
export function pythonScriptPath(): string {
  return join(resourcesDir(), 'python', 'experiment.py');
}

/**
 * The script a model starts from: python-gevent's entry patches the standard library with gevent
 * before experiment.py imports socket, time and threading, which must come first.
 */
export function pythonEntryPath(model: ResolvedExperimentParams['model']): string {
  return model === 'python-gevent'
    ? join(resourcesDir(), 'python', 'gevent_experiment.py')
    : pythonScriptPath();
}

/** What the Python model adds to a Node model's outcome. */
export interface PythonOutcome extends ModelOutcome {
  python: { version: string; gilEnabled: boolean | null; releaseSpreadMs?: number };
}

/** A line the script writes on stdout. */
type ScriptLine =
  | { type: 'hello'; pid: number; version: string; gilEnabled: boolean | null }
  | { type: 'spawn'; name: string; pid?: number; tid?: number }
  | { type: 'exit'; name: string; pid?: number; exitCode?: number | null }
  | { type: 'progress'; workers: Record<string, number> }
  | { type: 'turns'; clock: 'monotonic'; turns: Record<string, [number, number][]> }
  | { type: 'tasks' }
  | { type: 'loop-delay' }
  | { type: 'release'; how: string; spreadMs: number }
  | { type: 'done'; checksum: number; parallelWorkers: number; usage: UsageReport }
  | { type: 'error'; message: string };

function signalExit(exitCode: number | null | undefined): WorkerExit {
  // multiprocessing reports death by signal N as exit code -N.
  if (typeof exitCode === 'number' && exitCode < 0) {
    return { code: null, signal: `SIG${-exitCode}` as NodeJS.Signals };
  }
  return { code: exitCode ?? 0, signal: null };
}

/**
 * Runs one of the Python models as a child of the host. Its stdin stays open and unused: the
 * script exits when it reads EOF, so it never outlives the host.
 */
export function runPythonModel(
  pythonPath: string,
  params: ResolvedExperimentParams,
  config: WorkloadConfig,
  reporter: ModelReporter,
): Promise<PythonOutcome> {
  const settings = {
    ...config,
    model: params.model,
    tasks: params.tasks,
    workers: params.workers,
    concurrency: params.concurrency,
    submit: params.submit,
    crashAtTask: params.crashAtTask ?? null,
    prefix: workerPrefix(params),
    // null: the interpreter keeps its own GIL switch interval (5 ms).
    switchIntervalMs: params.switchIntervalMs ?? null,
    // asyncio and gevent: record each task's turns (off: no 'tasks' line at all).
    traceTasks: params.traceTasks,
  };
  // -B: no __pycache__ beside the scripts (resources/ may be read-only, and it is not ours).
  const child = spawn(pythonPath, ['-B', pythonEntryPath(params.model), JSON.stringify(settings)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let hello: Extract<ScriptLine, { type: 'hello' }> | null = null;
    let done: Extract<ScriptLine, { type: 'done' }> | null = null;
    let scriptError: string | null = null;
    let releaseSpreadMs: number | null = null;
    let stderrTail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    child.on('error', (error) => reject(new Error(`cannot start ${pythonPath}: ${error.message}`)));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (text) => {
      let line: ScriptLine;
      try {
        line = JSON.parse(text) as ScriptLine;
      } catch {
        return; // stray output from user code is not ours to parse
      }
      switch (line.type) {
        case 'hello':
          hello = line;
          reporter.workerSpawned({ name: 'py-main', pid: line.pid, tid: line.pid });
          return;
        case 'spawn':
          reporter.workerSpawned({
            name: line.name,
            pid: line.pid ?? child.pid ?? 0,
            tid: line.tid ?? null,
          });
          return;
        case 'exit':
          reporter.workerExited({
            name: line.name,
            pid: line.pid ?? child.pid ?? 0,
            ...signalExit(line.exitCode),
          });
          return;
        case 'progress':
          for (const [worker, count] of Object.entries(line.workers))
            reporter.progress(worker, count);
          return;
        case 'turns':
          reporter.turns?.(line.turns);
          return;
        case 'tasks': {
          // A line that fails its schema is dropped like stray output: the run itself is fine.
          const trace = taskTraceOfLine(line);
          if (trace !== null) reporter.tasks?.(trace);
          return;
        }
        case 'loop-delay': {
          const report = loopDelayOfLine(line);
          if (report !== null) reporter.loopDelay?.(report.delay, report.wholeRun);
          return;
        }
        case 'release':
          // event/condition: how far apart the workers left the wait (a figure, not a check).
          if (Number.isFinite(line.spreadMs) && line.spreadMs >= 0) releaseSpreadMs = line.spreadMs;
          return;
        case 'done':
          done = line;
          reporter.usage(line.usage);
          return;
        case 'error':
          scriptError = line.message;
          return;
      }
    });
    // 'close' comes after stdout has ended, so every line the script wrote has been read.
    child.on('close', (code, signal) => {
      reporter.workerExited({ name: 'py-main', pid: child.pid ?? 0, code, signal });
      if (done !== null && hello !== null && code === 0) {
        resolve({
          checksum: done.checksum,
          parallelWorkers: done.parallelWorkers,
          python: {
            version: hello.version,
            gilEnabled: hello.gilEnabled,
            ...(releaseSpreadMs === null ? {} : { releaseSpreadMs }),
          },
        });
        return;
      }
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
      const why = scriptError ?? (stderrTail.trim().split('\n').pop() || 'no message');
      reject(
        new Error(scriptError !== null ? why : `python (pid ${String(child.pid)}) ${how}: ${why}`),
      );
    });
  });
}
