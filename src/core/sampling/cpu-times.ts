/** Cumulative CPU time of one logical core, in ms, as os.cpus() reports it. */
export interface CpuTimes {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}

/** Busy % per core and in total between two readings of cumulative core times. */
export interface CoreBusy {
  cores: number[];
  total: number;
}

const clampPercent = (value: number): number => Math.min(100, Math.max(0, value));

/**
 * Busy % of each core between two readings: busy = 1 − Δidle / Δtotal. A core whose counters
 * did not advance (or went backwards after a counter reset) reads 0 rather than NaN.
 * Returns null when the core count changed (CPU hot-plug): the caller must take a new baseline.
 */
export function coreBusyBetween(previous: CpuTimes[], next: CpuTimes[]): CoreBusy | null {
  if (previous.length !== next.length || next.length === 0) return null;
  let busySum = 0;
  let totalSum = 0;
  const cores = next.map((now, index) => {
    const before = previous[index] as CpuTimes;
    const total = sumTimes(now) - sumTimes(before);
    const idle = now.idle - before.idle;
    if (total <= 0) return 0;
    busySum += Math.max(0, total - idle);
    totalSum += total;
    return clampPercent((100 * (total - idle)) / total);
  });
  return { cores, total: totalSum > 0 ? clampPercent((100 * busySum) / totalSum) : 0 };
}

function sumTimes(t: CpuTimes): number {
  return t.user + t.nice + t.sys + t.idle + t.irq;
}
