import { performance } from 'node:perf_hooks';
import type { LabCost } from '../../../shared/experiment-results';
import { readStat } from '../../os/procfs/readers';
import { clockTicksPerSecond } from '../../os/procfs/units';

/**
 * The lab's own CPU over a run: the backend process (this one) and the page's renderer
 * process(es). A run's "other load" is the machine's busy time minus the run; without this the
 * lab watching the run would count as another program taking cores from it.
 */

/** One page process at the start: its start time tells a reused pid apart. */
interface PageMark {
  pid: number;
  startTicks: number;
  cpuTicks: number;
}

/** A started measurement; `read` gives the cost from the start until now. */
export interface LabCostMeter {
  read(): LabCost;
}

/**
 * Starts measuring now. `pagePids` are the page's renderer processes, read again at the end;
 * the page cost is null when none is known or none could be read at both ends.
 */
export function startLabCost(pagePids: readonly number[]): LabCostMeter {
  const t0 = performance.now();
  const backend0 = process.cpuUsage();
  const pages = pagePids.flatMap((pid): PageMark[] => {
    const stat = readStat(pid);
    if (stat === null) return [];
    return [{ pid, startTicks: stat.startTicks, cpuTicks: stat.utimeTicks + stat.stimeTicks }];
  });
  return {
    read: () => {
      const wallS = Math.max(performance.now() - t0, 1e-3) / 1000;
      const backend = process.cpuUsage(backend0);
      let pageTicks = 0;
      let pagesRead = 0;
      for (const mark of pages) {
        const stat = readStat(mark.pid);
        // Gone, or the pid now names another process: its share is unknown, not 0.
        if (stat === null || stat.startTicks !== mark.startTicks) continue;
        pageTicks += stat.utimeTicks + stat.stimeTicks - mark.cpuTicks;
        pagesRead += 1;
      }
      return {
        backendCores: (backend.user + backend.system) / 1e6 / wallS,
        pageCores: pagesRead === 0 ? null : pageTicks / clockTicksPerSecond() / wallS,
      };
    },
  };
}
