import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { descendantsOf } from '../../../src/core/os/process-tree';
import { parsePidStat, type PidStat } from '../../../src/core/os/procfs/pid-parsers';
import { readProcText, readStat } from '../../../src/core/os/procfs/readers';
import { clockTicksPerSecond } from '../../../src/core/os/procfs/units';
import { commandLineOf } from '../../unit/support/process-tree';

/**
 * What the renderer benchmark reads from /proc: the CPU time of processes (utime + stime of every
 * thread, the dead ones included, which is what the kernel keeps in /proc/PID/stat), the number
 * of processes alive, and which of Chromium's processes is which.
 */

/** The CPU time in a stat line (user + system), ms. */
const cpuMsIn = (stat: PidStat): number =>
  ((stat.utimeTicks + stat.stimeTicks) * 1000) / clockTicksPerSecond();

/** CPU time a process has used so far, ms; null once it is gone. */
export function cpuMsOf(pid: number): number | null {
  const stat = readStat(pid);
  return stat === null ? null : cpuMsIn(stat);
}

/** The number of processes alive (kernel threads included, as top and htop count them). */
export function processCount(): number {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
}

/** The number of threads of a process (its /proc/PID/task entries), 0 once it is gone. */
export function threadCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

/** Chromium's processes under `root` (the browser), by their --type (browser for the root). */
export function chromiumProcesses(root: number): { pid: number; type: string }[] {
  return descendantsOf(root).map((pid) => ({
    pid,
    type: pid === root ? 'browser' : (/--type=([\w-]+)/.exec(commandLineOf(pid))?.[1] ?? 'other'),
  }));
}

/**
 * Measures a set of processes over a window: call `stop()` at its end for each one's CPU in %
 * of one core (CPU ms per wall ms × 100). A process that ended meanwhile counts what it used
 * until its last reading, so an exit never shows as negative time.
 */
export function cpuWindow(pids: number[]): { stop(): CpuFigures } {
  const start = new Map(pids.map((pid) => [pid, cpuMsOf(pid)]));
  const t0 = performance.now();
  return {
    stop: () => {
      const wallMs = performance.now() - t0;
      const cpuMs = new Map<number, number>();
      for (const [pid, before] of start) {
        const after = cpuMsOf(pid);
        cpuMs.set(pid, before === null || after === null ? 0 : after - before);
      }
      const total = [...cpuMs.values()].reduce((sum, ms) => sum + ms, 0);
      return {
        wallMs,
        cpuMs,
        totalCpuMs: total,
        percentOfOneCore: (100 * total) / wallMs,
        percentOf: (pid) => (100 * (cpuMs.get(pid) ?? 0)) / wallMs,
      };
    },
  };
}

/** CPU used over a window by the processes of cpuWindow. */
export interface CpuFigures {
  wallMs: number;
  cpuMs: Map<number, number>;
  totalCpuMs: number;
  /** Every process of the window together, % of one core. */
  percentOfOneCore: number;
  /** One process, % of one core. */
  percentOf(pid: number): number;
}

/** CPU so far of each live thread of `pid`, ms, by tid, with its name (comm). */
function threadTimes(pid: number): Map<number, { name: string; cpuMs: number }> {
  const times = new Map<number, { name: string; cpuMs: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return times; // gone
  }
  for (const tid of tids) {
    const text = readProcText(`/proc/${pid}/task/${tid}/stat`);
    const stat = text === null ? null : parsePidStat(text);
    if (stat === null) continue; // ended meanwhile
    times.set(Number(tid), { name: stat.name, cpuMs: cpuMsIn(stat) });
  }
  return times;
}

/**
 * Measures one process's threads over a window: `stop()` gives the CPU of its threads in % of
 * one core, summed by thread name (Chromium names them: CrRendererMain, Compositor,
 * CompositorTileW…), so a figure says which part of the renderer the cost is in. Threads that
 * ended during the window are missed (their time is in the process's own figure).
 */
export function threadCpuWindow(pid: number): { stop(): Record<string, number> } {
  const start = threadTimes(pid);
  const t0 = performance.now();
  return {
    stop: () => {
      const wallMs = performance.now() - t0;
      const byName: Record<string, number> = {};
      for (const [tid, now] of threadTimes(pid)) {
        const used = now.cpuMs - (start.get(tid)?.cpuMs ?? 0);
        byName[now.name] = (byName[now.name] ?? 0) + (100 * used) / wallMs;
      }
      return byName;
    },
  };
}
