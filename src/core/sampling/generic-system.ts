import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { SystemSample } from '../../shared/sampling';
import { detect, osName } from '../os/platform';
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
  private readonly hasIrq: boolean;
  private readonly hasLoad: boolean;

  /** `platform` is this OS unless a test asks about another. */
  constructor(
    private readonly readTimes: () => CpuTimes[] = readOsCpuTimes,
    platform: NodeJS.Platform = osName(),
  ) {
    const has = detect(platform);
    this.hasIrq = has.reportsIrqTime;
    this.hasLoad = has.hasLoadAverage;
  }

  /** One tick; null on the first call and when the core count changed. */
  sample(): SystemSample | null {
    const at = performance.now();
    const times = this.readTimes();
    const before = this.previous;
    this.previous = { times, at };
    if (before === null || coreBusyBetween(before.times, times) === null) return null;
    const cores = times.map((now, index) =>
      splitBetween(
        toTicks(before.times[index] as CpuTimes, this.hasIrq),
        toTicks(now, this.hasIrq),
      ),
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
      loadAverage: !this.hasLoad ? null : [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
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
