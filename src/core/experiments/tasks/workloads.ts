import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Workload } from '../../../shared/experiment-models';
import type { TaskTurns } from './task-tracer';

/**
 * The tasks every Node execution model runs, and the arithmetic that verifies them. Task i's
 * result depends only on i and the workload settings, and results are combined with a sum
 * that ignores order, so every model must reach the same checksum. resources/python/
 * experiment.py implements the same functions; keep the two in step.
 */

/** Checksums are kept modulo this prime (every intermediate value stays below 2^53). */
export const CHECKSUM_MODULUS = 1_000_000_007;
/** CPU tasks test numbers from here on, so every task costs about the same. */
export const CPU_RANGE_BASE = 100_000;
/** CPU tasks cycle through this many ranges (the verifier sieves only these). */
export const CPU_RANGE_COUNT = 16;
/** The file workload generates at most this many files; task i reads file i mod count. */
export const MAX_FILES = 32;

/** What a task needs to know besides its index. */
export interface WorkloadConfig {
  workload: Workload;
  cpuSize: number;
  latencyMs: number;
  /** Folder of generated files (file workload). */
  fileDir: string | null;
  fileCount: number;
  /** Port of the loopback echo server (echo workload). */
  echoPort: number | null;
}

/** Adds task i's result to a running checksum. */
export function combineChecksum(checksum: number, index: number, result: number): number {
  return (checksum + ((index + 1) % CHECKSUM_MODULUS) * result) % CHECKSUM_MODULUS;
}

/** The first number CPU task i tests. */
export function cpuRangeStart(index: number, cpuSize: number): number {
  return CPU_RANGE_BASE + (index % CPU_RANGE_COUNT) * cpuSize;
}

/** Trial division: deliberately plain integer work. */
export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/** The CPU part of task i: how many primes lie in its range. */
export function countPrimesForTask(index: number, cpuSize: number): number {
  const start = cpuRangeStart(index, cpuSize);
  let count = 0;
  for (let n = start; n < start + cpuSize; n += 1) if (isPrime(n)) count += 1;
  return count;
}

/** The value an I/O task stands for (what the "server" answers for request i). */
export function ioValue(index: number): number {
  return (index * 31 + 7) % 1009;
}

/** Byte j of generated file k. */
export function fileByte(fileIndex: number, offset: number): number {
  return (offset * 131 + fileIndex * 17 + (offset >>> 9)) & 0xff;
}

/** The sum of a buffer's bytes modulo the checksum modulus: a file task's result. */
export function byteSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 1) sum += bytes[i] ?? 0;
  return sum % CHECKSUM_MODULUS;
}

/** The name of generated file k. */
export function fileName(fileIndex: number): string {
  return `data-${String(fileIndex).padStart(2, '0')}.bin`;
}

/**
 * Asks the loopback echo server for `index` and returns the value it stands for. With `turns`,
 * each socket callback is a turn of the task (the async loop traces them).
 */
export function echoRequest(port: number, index: number, turns?: TaskTurns): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      turns?.resume();
      socket.write(`${index}\n`);
      turns?.suspend();
    });
    socket.on('data', (chunk: string) => {
      turns?.resume();
      received += chunk;
      const end = received.indexOf('\n');
      if (end < 0) {
        turns?.suspend();
        return;
      }
      socket.destroy();
      const echoed = Number(received.slice(0, end));
      if (!Number.isInteger(echoed)) reject(new Error(`echo server answered ${received}`));
      else resolve(ioValue(echoed));
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('echo server closed the connection early')));
  });
}

/** Waits without giving the thread back: nothing else on its event loop runs meanwhile. */
function sleepBlocking(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs task i of a workload and returns its result. `turns`, given by a traced async loop, is
 * told at each await point when the task gives up and gets back the thread (inline, not a
 * wrapper promise: the hooks must cost next to nothing).
 */
export async function runTask(
  config: WorkloadConfig,
  index: number,
  turns?: TaskTurns,
): Promise<number> {
  switch (config.workload) {
    case 'cpu':
    case 'event': // Python models only (the schema refuses Node); the task is the CPU work
    case 'condition':
      return countPrimesForTask(index, config.cpuSize);
    case 'timer': {
      const wait = sleep(config.latencyMs);
      turns?.suspend();
      await wait;
      turns?.resume();
      return ioValue(index);
    }
    case 'blocking':
      // The lesson's mistake on purpose: a wait that holds the thread, so an event loop stalls.
      sleepBlocking(config.latencyMs);
      return ioValue(index);
    case 'file': {
      if (config.fileDir === null) throw new Error('file workload without a file folder');
      const reading = readFile(join(config.fileDir, fileName(index % config.fileCount)));
      turns?.suspend();
      const bytes = await reading;
      turns?.resume();
      return byteSum(bytes);
    }
    case 'echo': {
      if (config.echoPort === null) throw new Error('echo workload without an echo server');
      const reply = echoRequest(config.echoPort, index, turns);
      turns?.suspend();
      const value = await reply;
      turns?.resume();
      return value;
    }
    case 'mixed': {
      const primes = countPrimesForTask(index, config.cpuSize);
      const wait = sleep(config.latencyMs);
      turns?.suspend();
      await wait;
      turns?.resume();
      return (primes + ioValue(index)) % CHECKSUM_MODULUS;
    }
  }
}

/** The number of files the file workload generates for a task count. */
export function fileCountFor(tasks: number): number {
  return Math.max(1, Math.min(MAX_FILES, tasks));
}
