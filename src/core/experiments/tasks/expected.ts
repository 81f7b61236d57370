import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedExperimentParams } from '../../../shared/experiment-params';
import {
  CHECKSUM_MODULUS,
  CPU_RANGE_BASE,
  CPU_RANGE_COUNT,
  byteSum,
  combineChecksum,
  cpuRangeStart,
  fileByte,
  fileCountFor,
  fileName,
  ioValue,
} from './workloads';

/**
 * The checksum a run must reach, computed independently of the workers: primes by a sieve
 * (fast) rather than by the trial division the tasks use, files from the bytes we wrote.
 */

/** Prime counts of the CPU_RANGE_COUNT ranges CPU tasks cycle through, by a sieve. */
export function primeCountsBySieve(cpuSize: number): number[] {
  const limit = CPU_RANGE_BASE + CPU_RANGE_COUNT * cpuSize;
  const composite = new Uint8Array(limit + 1);
  composite[0] = 1;
  composite[1] = 1;
  for (let p = 2; p * p <= limit; p += 1) {
    if (composite[p] === 1) continue;
    for (let m = p * p; m <= limit; m += p) composite[m] = 1;
  }
  const counts: number[] = [];
  for (let r = 0; r < CPU_RANGE_COUNT; r += 1) {
    const start = cpuRangeStart(r, cpuSize);
    let count = 0;
    for (let n = start; n < start + cpuSize; n += 1) if (composite[n] === 0) count += 1;
    counts.push(count);
  }
  return counts;
}

/** Generates the file workload's files; returns each file's byte sum. */
export async function generateFiles(
  dir: string,
  tasks: number,
  fileKiB: number,
): Promise<number[]> {
  await mkdir(dir, { recursive: true });
  const sums: number[] = [];
  const bytes = new Uint8Array(fileKiB * 1024);
  for (let k = 0; k < fileCountFor(tasks); k += 1) {
    for (let j = 0; j < bytes.length; j += 1) bytes[j] = fileByte(k, j);
    await writeFile(join(dir, fileName(k)), bytes);
    sums.push(byteSum(bytes));
  }
  return sums;
}

/** The checksum a correct run reaches. `fileSums` is required for the file workload. */
export function expectedChecksum(
  params: ResolvedExperimentParams,
  fileSums: number[] = [],
): number {
  const primes =
    params.workload === 'cpu' ||
    params.workload === 'mixed' ||
    params.workload === 'event' ||
    params.workload === 'condition'
      ? primeCountsBySieve(params.cpuSize)
      : [];
  let checksum = 0;
  for (let i = 0; i < params.tasks; i += 1) {
    let result: number;
    switch (params.workload) {
      case 'cpu':
      case 'event': // the wait on the Event (or Condition) adds nothing to a task's result
      case 'condition':
        result = primes[i % CPU_RANGE_COUNT] ?? 0;
        break;
      case 'timer':
      case 'echo':
      case 'blocking':
        result = ioValue(i);
        break;
      case 'file':
        result = fileSums[i % fileSums.length] ?? 0;
        break;
      case 'mixed':
        result = ((primes[i % CPU_RANGE_COUNT] ?? 0) + ioValue(i)) % CHECKSUM_MODULUS;
        break;
    }
    checksum = combineChecksum(checksum, i, result);
  }
  return checksum;
}
