import type { CoreSplit } from '../../shared/sampling';
import type { CpuTicks } from './system-parsers';

const clampPercent = (value: number): number => Math.min(100, Math.max(0, value));

/**
 * Splits one core's time between two readings of cumulative ticks into user / system /
 * iowait / irq / steal percentages. Busy excludes idle and iowait (iowait is idle time while
 * a task waits for a disk). A column the kernel lacks stays null; counters that did not
 * advance (or went backwards) give an idle core, never NaN.
 */
export function splitBetween(before: CpuTicks, after: CpuTicks): CoreSplit {
  const delta = (a: number | null, b: number | null): number | null =>
    a === null || b === null ? null : Math.max(0, b - a);
  const user = (delta(before.user, after.user) ?? 0) + (delta(before.nice, after.nice) ?? 0);
  const system = delta(before.system, after.system) ?? 0;
  const idle = delta(before.idle, after.idle) ?? 0;
  const iowait = delta(before.iowait, after.iowait);
  const hardIrq = delta(before.irq, after.irq);
  const softIrq = delta(before.softirq, after.softirq);
  const irq = hardIrq === null && softIrq === null ? null : (hardIrq ?? 0) + (softIrq ?? 0);
  const steal = delta(before.steal, after.steal);
  const busy = user + system + (irq ?? 0) + (steal ?? 0);
  const total = busy + idle + (iowait ?? 0);
  const share = (part: number): number => (total > 0 ? clampPercent((100 * part) / total) : 0);
  const shareOrNull = (part: number | null): number | null => (part === null ? null : share(part));
  return {
    busy: share(busy),
    user: share(user),
    system: share(system),
    iowait: shareOrNull(iowait),
    irq: shareOrNull(irq),
    steal: shareOrNull(steal),
  };
}

/** The machine-wide split: the mean of the cores' splits (each core weighs the same). */
export function meanSplit(cores: CoreSplit[]): CoreSplit {
  const mean = (pick: (split: CoreSplit) => number | null): number | null => {
    if (cores.length === 0) return 0;
    let sum = 0;
    for (const core of cores) {
      const value = pick(core);
      if (value === null) return null;
      sum += value;
    }
    return sum / cores.length;
  };
  return {
    busy: mean((c) => c.busy) ?? 0,
    user: mean((c) => c.user) ?? 0,
    system: mean((c) => c.system) ?? 0,
    iowait: mean((c) => c.iowait),
    irq: mean((c) => c.irq),
    steal: mean((c) => c.steal),
  };
}
