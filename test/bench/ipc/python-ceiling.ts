import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { RunCores } from '../../../src/core/ipc/jobs/placement';
import { appRoot } from '../../../src/core/paths';

/** What `python_ceiling.py` prints: CPython's own throughput against the bare pipe. */
export interface PythonCeiling {
  python: string;
  sizeBytes: number;
  messagesPerSec: { bare: number[]; pipeBytes: number[]; simpleQueue: number[] };
  /** Median over the repeats of each kind's messages/s ÷ the bare pipe's in the same repeat. */
  ratio: { pipeBytes: number; simpleQueue: number };
}

/**
 * Runs `python_ceiling.py` on `python`: `Connection.send_bytes`/`recv_bytes` and
 * `SimpleQueue.put`/`get` of a fixed payload, with none of the lab's frames or checks, against
 * bare `os.write`/`os.readv` on a pipe, the ends pinned like the benchmark's throughput runs.
 * The most the lab's `python-pipe-bytes` and `python-simple-queue` rows could reach.
 */
export function measurePythonCeiling(
  python: string,
  options: { sizeBytes: number; durationMs: number; repeats: number; cores: RunCores },
): Promise<PythonCeiling> {
  const config = {
    sizeBytes: options.sizeBytes,
    durationMs: options.durationMs,
    repeats: options.repeats,
    receiverCpu: options.cores.receiver ?? null,
    senderCpu: options.cores.sender ?? null,
    labPython: join(appRoot(), 'resources', 'python'),
  };
  const script = join(appRoot(), 'test', 'bench', 'ipc', 'python_ceiling.py');
  // Three kinds, each for durationMs per repeat, plus start-up: far under this.
  const timeout = 3 * options.repeats * options.durationMs + 30_000;
  return new Promise((resolve, reject) => {
    // -B: no __pycache__ left in the lab's Python folder, as the lab runs it.
    execFile(
      python,
      ['-B', script, JSON.stringify(config)],
      { timeout },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`python_ceiling.py failed: ${stderr.trim() || error.message}`));
          return;
        }
        resolve(JSON.parse(stdout) as PythonCeiling);
      },
    );
  });
}
