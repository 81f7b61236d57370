import { rmSync } from 'node:fs';
import { runCompare } from '../ipc/jobs/compare';
import { runProducerConsumer } from '../ipc/jobs/producer-consumer';
import { runRace } from '../ipc/jobs/race';
import { runTraffic } from '../ipc/jobs/run-traffic';
import { usePython } from '../ipc/mechanisms/python-interpreter';
import type { FromRunner, RunnerJob, ToRunner } from '../ipc/protocol/runner-protocol';

/**
 * Entry point of the IPC runner process (bundle 'ipc-runner'). The UI-serving process forks one
 * per job so that the traffic — and the peers and threads at its other end — never share that
 * process's event loop. It runs one job, reports over its IPC channel, cleans up and exits.
 */

process.title = 'ipc-runner';
const stop = new AbortController();

function tell(message: FromRunner): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) resolve();
    else process.send?.(message, undefined, undefined, () => resolve());
  });
}

async function run(runId: string, job: RunnerJob, tempRoot: string): Promise<void> {
  const signal = stop.signal;
  const onPids = (pids: number[]): void => void tell({ type: 'pids', pids });
  switch (job.kind) {
    case 'run': {
      const result = await runTraffic(job.request, {
        runId,
        signal,
        tempRoot,
        onPids,
        onSample: (sample) => void tell({ type: 'traffic', sample }),
      });
      return tell({ type: 'run-result', result });
    }
    case 'producer-consumer': {
      const result = await runProducerConsumer(job.request, {
        runId,
        signal,
        onPids,
        onSample: (sample) => void tell({ type: 'queue', sample }),
      });
      return tell({ type: 'pc-result', result });
    }
    case 'compare': {
      const result = await runCompare(job.request, {
        runId,
        signal,
        tempRoot,
        onPids,
        onProgress: (progress) => void tell({ type: 'compare-progress', result: progress }),
      });
      return tell({ type: 'compare-result', result });
    }
    case 'race':
      return tell({ type: 'race-result', results: await runRace(job.request, signal, onPids) });
  }
}

/** The job's temp folder (first argument), removed on every way out, the lab's death included. */
const tempRootArg = process.argv[2];
/** How long a stop after the lab died may take before the runner leaves anyway. */
const ORPHAN_EXIT_MS = 2000;

// Removed on any exit, a crash included: the lab may be gone and unable to do it.
process.on('exit', () => {
  if (tempRootArg !== undefined) rmSync(tempRootArg, { recursive: true, force: true });
});

let started = false;
process.on('message', (message: ToRunner) => {
  if (message.type === 'stop') stop.abort();
  if (message.type !== 'start' || started) return;
  started = true;
  if (message.python) usePython(message.python);
  run(message.runId, message.job, message.tempRoot)
    .catch((error: unknown) =>
      tell({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => process.exit(0));
});
// The lab went away (even SIGKILLed: its end of the channel closes): stop — peers and threads
// are ended, temp files removed — then exit; nobody else is left to clean up.
process.on('disconnect', () => {
  if (!started) process.exit(0);
  stop.abort();
  setTimeout(() => process.exit(1), ORPHAN_EXIT_MS).unref();
});
