import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { SystemSample } from '../../shared/sampling';
import { coreBusyBetween, type CpuTimes } from './cpu-times';
import { meanSplit, splitBetween } from './cpu-split';
import type { SystemSampler } from './sampler-types';
import type { CpuTicks } from './system-parsers';

/** Reads cumulative per-core times without forking (every OS). */
export function readOsCpuTimes(): CpuTimes[] {
  return os.cpus().map((cpu) => cpu.times);
}

/**
 * System-wide figures from os.cpus(), os.freemem() and os.loadavg(): what every OS gives
 * without forking. iowait and steal are not reported (null); irq only on Windows; load
 * average is null on Windows, where Node reports zeros.
 */
export class CpuTimesSystemSampler implements SystemSampler {
  private previous: { times: CpuTimes[]; at: number } | null = null;

  constructor(
    private readonly readTimes: () => CpuTimes[] = readOsCpuTimes,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** One tick; null on the first call and when the core count changed. */
  sample(): SystemSample | null {
    const at = performance.now();
    const times = this.readTimes();
    const before = this.previous;
    this.previous = { times, at };
    if (before === null || coreBusyBetween(before.times, times) === null) return null;
    const hasIrq = this.platform === 'win32';
    const cores = times.map((now, index) =>
      splitBetween(toTicks(before.times[index] as CpuTimes, hasIrq), toTicks(now, hasIrq)),
    );
    const load = os.loadavg();
    return {
      time: Date.now(),
      monotonicMs: at,
      elapsedMs: at - before.at,
      cores,
      total: meanSplit(cores),
      memory: {
        totalBytes: os.totalmem(),
        availableBytes: null,
        freeBytes: os.freemem(),
        swapTotalBytes: null,
        swapFreeBytes: null,
      },
      loadAverage: this.platform === 'win32' ? null : [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
      runnableTasks: null,
      blockedTasks: null,
      contextSwitchesPerSec: null,
    };
  }

  /** Nothing to release. */
  close(): void {}
}

function toTicks(times: CpuTimes, hasIrq: boolean): CpuTicks {
  return {
    user: times.user,
    nice: times.nice,
    system: times.sys,
    idle: times.idle,
    iowait: null,
    irq: hasIrq ? times.irq : null,
    softirq: null,
    steal: null,
  };
}
