/**
 * Pure parsers for the system-wide /proc files: /proc/stat, /proc/meminfo, /proc/loadavg, and
 * /etc/passwd for user names. They take the file's text and never touch the file system, so
 * tests feed them captured text from any machine.
 */

/** Cumulative time of one core (or all), in clock ticks; null for a column the kernel lacks. */
export interface CpuTicks {
  /** User mode (the kernel includes guest time here). */
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number | null;
  irq: number | null;
  softirq: number | null;
  steal: number | null;
}

/** What /proc/stat says: per-core ticks and scheduler counters since boot. */
export interface ProcStat {
  /** The aggregate "cpu" line; null if missing. */
  total: CpuTicks | null;
  /** One entry per "cpuN" line, in file order (offline cores are absent). */
  cores: { id: number; ticks: CpuTicks }[];
  /** Context switches since boot. */
  contextSwitches: number | null;
  /** Boot time, seconds since the epoch. */
  bootTimeSec: number | null;
  /** Processes and threads created since boot. */
  forks: number | null;
  procsRunning: number | null;
  procsBlocked: number | null;
}

/** Parses /proc/stat. Lines it does not know are ignored. */
export function parseProcStat(text: string): ProcStat {
  const result: ProcStat = {
    total: null,
    cores: [],
    contextSwitches: null,
    bootTimeSec: null,
    forks: null,
    procsRunning: null,
    procsBlocked: null,
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu')) {
      const fields = line.trim().split(/\s+/);
      const label = fields[0] ?? '';
      const ticks = parseCpuTicks(fields);
      if (ticks === null) continue;
      if (label === 'cpu') result.total = ticks;
      else {
        const id = Number(label.slice(3));
        if (Number.isInteger(id)) result.cores.push({ id, ticks });
      }
      continue;
    }
    // Other lines: only the label and the first number (the intr line holds thousands).
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const label = line.slice(0, space);
    const value = toCount(
      line
        .slice(space + 1)
        .trimStart()
        .split(' ', 1)[0],
    );
    if (label === 'ctxt') result.contextSwitches = value;
    else if (label === 'btime') result.bootTimeSec = value;
    else if (label === 'processes') result.forks = value;
    else if (label === 'procs_running') result.procsRunning = value;
    else if (label === 'procs_blocked') result.procsBlocked = value;
  }
  return result;
}

function parseCpuTicks(fields: string[]): CpuTicks | null {
  const user = toCount(fields[1]);
  const nice = toCount(fields[2]);
  const system = toCount(fields[3]);
  const idle = toCount(fields[4]);
  if (user === null || nice === null || system === null || idle === null) return null;
  return {
    user,
    nice,
    system,
    idle,
    iowait: toCount(fields[5]),
    irq: toCount(fields[6]),
    softirq: toCount(fields[7]),
    steal: toCount(fields[8]),
  };
}

/** /proc/meminfo is parsed by the OS layer; re-exported for the system sampler. */
export { parseMeminfo, type MemInfo } from '../os/procfs/more-parsers';

/** /proc/loadavg: load averages, runnable/total tasks and the last pid handed out. */
export interface LoadAvg {
  load: [number, number, number];
  runnable: number | null;
  tasks: number | null;
  /** Changes whenever a process or thread is created: a cheap "anything new?" signal. */
  lastPid: number | null;
}

/** Parses /proc/loadavg ("0.13 0.24 0.11 1/86 5599"); null if the load figures are missing. */
export function parseLoadavg(text: string): LoadAvg | null {
  const fields = text.trim().split(/\s+/);
  const load = fields.slice(0, 3).map(Number);
  const [one, five, fifteen] = load;
  if (one === undefined || five === undefined || fifteen === undefined) return null;
  if (load.some((value) => !Number.isFinite(value))) return null;
  const [runnable, tasks] = (fields[3] ?? '').split('/');
  return {
    load: [one, five, fifteen],
    runnable: toCount(runnable),
    tasks: toCount(tasks),
    lastPid: toCount(fields[4]),
  };
}

/** Maps uid → user name from /etc/passwd text ("name:x:uid:gid:…"). */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    const id = toCount(uid);
    if (name && id !== null && !users.has(id)) users.set(id, name);
  }
  return users;
}

/** A non-negative integer from a field, or null if absent or not a number. */
function toCount(field: string | undefined): number | null {
  if (field === undefined || field === '') return null;
  const value = Number(field);
  return Number.isFinite(value) && value >= 0 ? value : null;
}
