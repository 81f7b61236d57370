import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessTableReading, SampleMarks } from '../../../src/core/sampling/sampler-types';

/** Children started by a test; `killAll` ends every one (call it in afterEach). */
export class Children {
  private readonly started: ChildProcess[] = [];

  /** Starts a child with no stdio; it is killed by killAll. */
  start(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { stdio: 'ignore' });
    this.started.push(child);
    return child;
  }

  /** Starts `node -e script`, optionally pinned to one core with taskset, at top priority. */
  node(script: string, args: string[] = [], core?: number): ChildProcess {
    return this.start('nice', [...pinned(core), process.execPath, '-e', script, ...args]);
  }

  /** Starts a shell busy loop, optionally pinned to one core, at top priority. */
  busyLoop(core?: number): ChildProcess {
    return this.start('nice', [...pinned(core), 'sh', '-c', 'while :; do :; done']);
  }

  /** Kills every child and waits until each has been reaped. */
  async killAll(): Promise<void> {
    await Promise.all(
      this.started.splice(0).map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}

/**
 * Arguments for `nice`: top priority (-20), so other programs on this shared machine do not
 * take the CPU a test measures; without the right to raise it, nice runs the command as is.
 * Then taskset pins it to `core` when given.
 */
function pinned(core: number | undefined): string[] {
  return ['-n', '-20', ...(core === undefined ? [] : ['taskset', '-c', String(core)])];
}

/**
 * A Node script starting one worker thread per entry of its JSON argument; each names itself
 * (/proc/thread-self/comm) and then spins (busy) or blocks in Atomics.wait (sleeping).
 */
export const WORKERS_SCRIPT = `
const { Worker } = require('node:worker_threads');
const body = \`
const { workerData } = require('node:worker_threads');
require('node:fs').writeFileSync('/proc/thread-self/comm', workerData.name);
if (workerData.busy) { for (;;) {} }
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
\`;
for (const spec of JSON.parse(process.argv[1])) new Worker(body, { eval: true, workerData: spec });
setInterval(() => {}, 1000);
`;

/** Names of the threads of a process right now (comm of each /proc/PID/task/TID). */
export function threadNames(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
    );
  } catch {
    return [];
  }
}

/** Waits until `check` is true, polling every 50 ms; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Open descriptors of this process. */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Marks for one tick: watch these pids, track none. */
export function watching(...pids: number[]): SampleMarks {
  return { watchedPids: new Set(pids), trackedBy: new Map() };
}

/**
 * Measures over windows of `windowMs` until `good(reading)` holds or `attempts` windows are
 * used, returning the last reading. The machine is shared: one unlucky window (another
 * program on our core) is measured again rather than failing the test.
 */
export async function measureUntil(
  read: () => ProcessTableReading,
  good: (reading: ProcessTableReading) => boolean,
  windowMs = 1000,
  attempts = 5,
): Promise<ProcessTableReading> {
  read(); // baseline
  let reading: ProcessTableReading | undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    await sleep(windowMs);
    reading = read();
    if (good(reading)) return reading;
  }
  return reading as ProcessTableReading;
}
