import { listDir, ProcFile, type FdBudget } from './proc-file';
import { parseLoadavg } from './system-parsers';

/** More new pids than this since the last tick: list /proc instead of probing each. */
const PROBE_LIMIT = 128;

/** List /proc in full at least once every this many ticks, whatever loadavg says. */
const FULL_SCAN_EVERY = 30;

/** Pids that may belong to processes not seen yet. */
export interface DiscoveredPids {
  pids: number[];
  /** True: every process listed by /proc. False: pids handed out since the last tick, which
   *  may also be threads (the caller checks Tgid) or already gone. */
  full: boolean;
}

/**
 * Finds new processes cheaply. The last field of /proc/loadavg is the last pid the kernel
 * handed out (to a process or a thread): when it has not moved, nothing was created and
 * /proc is not listed at all; when it moved a little, only the new pids are probed. Pids are
 * handed out in increasing order until they wrap, which triggers a full listing, as does
 * every 30th tick.
 */
export class PidDiscovery {
  private readonly loadavg: ProcFile;
  private lastPid: number | null = null;
  private ticksSinceFull = 0;

  constructor(
    private readonly procRoot: string,
    budget: FdBudget,
  ) {
    this.loadavg = new ProcFile(`${procRoot}/loadavg`, budget);
  }

  /** The pids to look at this tick (an empty list when nothing new can exist). */
  next(): DiscoveredPids {
    const lastPid = parseLoadavg(this.loadavg.read() ?? '')?.lastPid ?? null;
    const previous = this.lastPid;
    this.lastPid = lastPid;
    this.ticksSinceFull += 1;
    const probeable =
      previous !== null &&
      lastPid !== null &&
      lastPid >= previous &&
      lastPid - previous <= PROBE_LIMIT &&
      this.ticksSinceFull < FULL_SCAN_EVERY;
    if (!probeable) return this.fullScan();
    const pids: number[] = [];
    for (let pid = previous + 1; pid <= lastPid; pid += 1) pids.push(pid);
    return { pids, full: false };
  }

  /** Makes the next call list /proc in full. */
  forceFullScan(): void {
    this.lastPid = null;
  }

  /** Closes /proc/loadavg. */
  close(): void {
    this.loadavg.close();
  }

  private fullScan(): DiscoveredPids {
    this.ticksSinceFull = 0;
    const pids: number[] = [];
    for (const name of listDir(this.procRoot)) {
      const code = name.charCodeAt(0);
      if (code >= 48 && code <= 57) pids.push(Number(name));
    }
    return { pids, full: true };
  }
}
