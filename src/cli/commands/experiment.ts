import { parseArgs } from 'node:util';
import { LabService } from '../../core/service';
import { parseOrThrow } from '../../shared/validation';
import { experimentParamsSchema } from '../../shared/experiment-params';
import { MODELS, WORKLOADS, type Model } from '../../shared/experiment-models';
import type { ExperimentProgress, ExperimentResult } from '../../shared/experiment-results';
import { createProgress } from '../progress';
import { untilInterrupted, type Command } from './command';

/** Short model names for the command line, beside the full ids (node-worker-pool, …). */
const MODEL_ALIASES: Record<string, Model> = {
  sequential: 'node-sequential',
  async: 'node-async',
  threads: 'node-worker-pool',
  processes: 'node-process-pool',
  'process-per-task': 'node-process-per-task',
  'thread-per-task': 'node-thread-per-task',
  asyncio: 'python-asyncio',
  gevent: 'python-gevent',
};

/** `concurrency-lab experiment`: runs one experiment headless and prints its result. */
export const experimentCommand: Command = {
  name: 'experiment',
  summary: 'run one experiment and print its result',
  usage: `concurrency-lab experiment --workload W --model M [options] [--json]

Runs one experiment in an experiment host process, with progress on stderr and the result
(and that of its sequential baseline) on stdout. Ctrl-C stops it and its whole process tree.
  --workload W      ${WORKLOADS.join(' | ')}
  --model M         ${Object.keys(MODEL_ALIASES).join(' | ')}
                    or a full id: ${MODELS.join(', ')}
  --workers N       threads or processes (default: logical cores)
  --tasks N         number of tasks (default 64)
  --size N          numbers tested for primality per task (cpu, mixed)
  --latency MS      wait per task (timer, echo, mixed)
  --concurrency N   tasks in flight for async models (default 100)
  --timeout S       run time limit in seconds (default 120, at most 600)
  --no-baseline     skip the sequential run used for speedup
  --no-trace-tasks  async models: do not record each task's turns (the loop delay still is)
  --json            print the results as JSON`,
  run: async (argv) => {
    const { values } = parseArgs({
      args: argv,
      options: {
        workload: { type: 'string' },
        model: { type: 'string' },
        workers: { type: 'string' },
        tasks: { type: 'string' },
        size: { type: 'string' },
        latency: { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        'no-baseline': { type: 'boolean', default: false },
        'no-trace-tasks': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    // Numbers are passed as typed; the schema's messages say what is wrong with them.
    const number = (text: string | undefined): number | undefined =>
      text === undefined ? undefined : Number(text);
    const params = parseOrThrow(
      experimentParamsSchema,
      {
        workload: values.workload,
        model: MODEL_ALIASES[values.model ?? ''] ?? values.model,
        workers: number(values.workers),
        tasks: number(values.tasks),
        cpuSize: number(values.size),
        latencyMs: number(values.latency),
        concurrency: number(values.concurrency),
        timeoutS: number(values.timeout),
        baseline: values['no-baseline'] ? 'skip' : 'auto',
        traceTasks: !values['no-trace-tasks'],
      },
      // The command's name is put in front by the CLI.
      '',
    );

    const results = await runHeadless(params);
    if (values.json) console.log(JSON.stringify(results, null, 2));
    else for (const result of results) console.log(describeResult(result));
    const failed = results.find((result) => result.status !== 'ok' || !result.checksumOk);
    if (failed)
      throw new Error(
        `run ${failed.runId} ${failed.status}: ${failed.error ?? 'checksum mismatch'}`,
      );
  },
};

/** Runs the experiment (and its baseline) in a LabService; resolves to every result. */
async function runHeadless(params: Parameters<LabService['call']>[1]): Promise<ExperimentResult[]> {
  const service = new LabService();
  const stop = untilInterrupted();
  const progress = createProgress('experiment');
  const results: ExperimentResult[] = [];
  try {
    let expected = 0;
    const finished = new Promise<void>((resolve) => {
      service.onStream((stream, payload) => {
        if (stream === 'experiment:progress') {
          const tick = payload as ExperimentProgress;
          progress.update(
            tick.done / Math.max(1, tick.total),
            `${tick.phase} ${tick.model} ${tick.done}/${tick.total}`,
          );
        } else if (stream === 'experiment:result') {
          results.push(payload as ExperimentResult);
          if (results.length === expected) resolve();
        }
      });
    });
    const started = await service.call('experiment:start', { runs: [params] });
    if (!started.ok) throw new Error(started.error);
    expected = (started.value as { runIds: string[] }).runIds.length;
    await Promise.race([
      finished,
      stop.interrupted.then(() => service.call('experiment:stop', {})),
    ]);
    if (results.length < expected) await finished;
    progress.done();
    return results;
  } finally {
    // Signals stay absorbed until everything has stopped.
    await service.dispose();
    stop.dispose();
  }
}

/** One result as a few readable lines. */
function describeResult(r: ExperimentResult): string {
  const fixed = (value: number | null, digits = 2): string =>
    value === null ? 'n/a' : value.toFixed(digits);
  return [
    `${r.runId}: ${r.params.workload} × ${r.params.model}, ${r.params.workers} workers, ${r.params.tasks} tasks — ${r.status}`,
    `  wall ${fixed(r.wallMs, 0)} ms · CPU ${fixed(r.cpuMs, 0)} ms · cores busy ${fixed(r.coresBusy)} · speedup ${fixed(r.speedup)} · efficiency ${fixed(r.efficiency)}`,
    `  context switches ${r.voluntaryCtxSwitches} voluntary / ${r.involuntaryCtxSwitches} involuntary · peak RSS ${(r.peakRssBytes / 1024 / 1024).toFixed(1)} MiB · ${fixed(r.tasksPerSec, 1)} tasks/s · checksum ${r.checksumOk ? 'verified' : 'WRONG'}`,
    ...coroutineLines(r),
    `  ${r.conclusion}`,
  ].join('\n');
}

/** Async runs: the tasks' switches beside their thread's, and the event loop's delay. */
function coroutineLines(r: ExperimentResult): string[] {
  const lines: string[] = [];
  const trace = r.lanes?.taskTrace ?? null;
  const delay = r.lanes?.loopDelay ?? null;
  if (trace !== null) {
    const thread = r.lanes?.lanes.find((lane) => lane.id === trace.threadLaneId);
    const kernel = thread?.contextSwitches ?? null;
    lines.push(
      `  ${trace.taskTotal} tasks (${trace.runtime}) · ${trace.taskSwitches} task switches · ` +
        `${kernel === null ? 'n/a' : kernel} kernel context switches of their thread`,
    );
  }
  if (delay !== null) {
    lines.push(
      `  event-loop delay p50 ${delay.p50Ms.toFixed(1)} ms · p99 ${delay.p99Ms.toFixed(1)} ms · max ${delay.maxMs.toFixed(1)} ms`,
    );
  }
  return lines;
}
