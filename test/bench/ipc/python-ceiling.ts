import { join } from 'node:path';
import type { RunCores } from '../../../src/core/ipc/jobs/placement';
import { startPythonScript } from '../../../src/core/os/python-child';
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
 * the bare pipe, the ends pinned like the benchmark's throughput runs. The most the lab's
 * `python-pipe-bytes` and `python-simple-queue` rows could reach. Started as the lab starts its
 * Python (its own process group, tied to us), so its producers never outlive the benchmark.
 */
export async function measurePythonCeiling(
  python: string,
  options: { sizeBytes: number; durationMs: number; repeats: number; cores: RunCores },
): Promise<PythonCeiling> {
  const config = {
    sizeBytes: options.sizeBytes,
    durationMs: options.durationMs,
    repeats: options.repeats,
    receiverCpus: options.cores.receiver === undefined ? null : [options.cores.receiver],
    senderCpus: options.cores.sender === undefined ? null : [options.cores.sender],
  };
  const script = join(appRoot(), 'test', 'bench', 'ipc', 'python_ceiling.py');
  const run = startPythonScript(python, script, [JSON.stringify(config)]);
  let stdout = '';
  let stderr = '';
  run.child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  run.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Three kinds for durationMs each per repeat, plus start-up: a run takes far less than this.
  const timer = setTimeout(
    () => run.killGroup(),
    3 * options.repeats * options.durationMs + 30_000,
  );
  const { code, signal, error } = await run.closed;
  clearTimeout(timer);
  run.killGroup();
  if (code !== 0) {
    const why = stderr.trim() || error || `exit ${code ?? signal ?? 'unknown'}`;
    throw new Error(`python_ceiling.py failed: ${why}`);
  }
  return JSON.parse(stdout) as PythonCeiling;
}
