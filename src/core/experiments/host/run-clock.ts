import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { reapedChildrenCpuMs } from '../../os';

/** Wall time, CPU time and context switches of the host and its reaped children since a start. */
export interface ClockReading {
  startedAt: number;
  wallMs: number;
  userMs: number;
  sysMs: number;
  voluntaryCtxSwitches: number;
  involuntaryCtxSwitches: number;
  /** The host's own peak RSS (all its threads). */
  hostMaxRssBytes: number;
  /** Cores the whole machine kept busy meanwhile (every process, ours included). */
  machineBusyCores: number;
}

/** Busy ms of every core so far (os.cpus() reads /proc/stat on Linux; no fork). */
function machineBusyMs(): number {
  return os
    .cpus()
    .reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

/**
 * Measures a run from inside the host. The host's getrusage covers all its threads; children
 * count once reaped, through /proc/self/stat's cutime and cstime (whole ticks: 10 ms).
 */
export class RunClock {
  private startedAt = Date.now();
  private t0 = performance.now();
  private own0 = process.resourceUsage();
  private reaped0 = reapedChildrenCpuMs();
  private machine0 = machineBusyMs();

  /** Starts measuring again from now. */
  reset(): void {
    this.startedAt = Date.now();
    this.t0 = performance.now();
    this.own0 = process.resourceUsage();
    this.reaped0 = reapedChildrenCpuMs();
    this.machine0 = machineBusyMs();
  }

  /** Monotonic ms at the start, for progress timestamps. */
  get startMs(): number {
    return this.t0;
  }

  /** What was used since the start. Call after every child has been reaped. */
  read(): ClockReading {
    const wallMs = performance.now() - this.t0;
    const own = process.resourceUsage();
    const reaped = reapedChildrenCpuMs();
    const reapedUser = (reaped?.userMs ?? 0) - (this.reaped0?.userMs ?? 0);
    const reapedSys = (reaped?.sysMs ?? 0) - (this.reaped0?.sysMs ?? 0);
    return {
      startedAt: this.startedAt,
      wallMs,
      userMs: (own.userCPUTime - this.own0.userCPUTime) / 1000 + reapedUser,
      sysMs: (own.systemCPUTime - this.own0.systemCPUTime) / 1000 + reapedSys,
      voluntaryCtxSwitches: own.voluntaryContextSwitches - this.own0.voluntaryContextSwitches,
      involuntaryCtxSwitches: own.involuntaryContextSwitches - this.own0.involuntaryContextSwitches,
      hostMaxRssBytes: own.maxRSS * 1024,
      machineBusyCores: (machineBusyMs() - this.machine0) / wallMs,
    };
  }
}
