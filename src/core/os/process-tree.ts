import { readdirSync } from 'node:fs';
import { capabilities } from './platform';
import { statFieldsAfterName, statStartTime } from './procfs/more-parsers';
import { readChildren, readStatm, readStatText } from './procfs/readers';
import { clockTicksPerSecond, pageSize } from './procfs/units';

/**
 * A process and its descendants as Linux /proc shows them: who descends from whom, whether a
 * pid is still the process it was, how much memory the tree holds, and ending it. Off Linux the
 * readers answer "unknown" (null or just the root) rather than zero.
 */

/** The direct children of a process; a /proc scan when the kernel lacks children lists. */
export function childrenOf(pid: number): number[] {
  if (!capabilities().hasProcfs) return [];
  const listed = readChildren(pid);
  if (listed !== null) return listed;
  return readStatText(pid) === null ? [] : childrenByScan(pid);
}

function childrenByScan(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStatText(Number(entry));
    if (stat !== null && Number(statFieldsAfterName(stat)[1]) === parent) out.push(Number(entry));
  }
  return out;
}

/** A process and all its descendants, root first (children are read from main threads). */
export function descendantsOf(root: number): number[] {
  const out = [root];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i += 1) {
    for (const child of childrenOf(out[i] ?? root)) {
      if (seen.has(child)) continue; // a pid reused mid-walk must not loop
      seen.add(child);
      out.push(child);
    }
  }
  return out;
}

/** A process's start time (stat field 22, clock ticks after boot) as text, or null if gone. */
export function startTimeOf(pid: number | 'self'): string | null {
  const stat = readStatText(pid);
  return stat === null ? null : statStartTime(stat);
}

/**
 * True while `pid` exists and is not a zombie; with `startTime` (from startTimeOf), only while
 * it is still that same process: pids are reused. Off Linux, signal 0 tells existence only.
 */
export function isAlive(pid: number, startTime?: string): boolean {
  if (!capabilities().hasProcfs) return signalReaches(pid);
  const stat = readStatText(pid);
  if (stat === null) return false;
  const state = statFieldsAfterName(stat)[0];
  if (state === 'Z' || state === 'X') return false;
  return startTime === undefined || statStartTime(stat) === startTime;
}

function signalReaches(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** Resident memory of one process in bytes (statm × the measured page size), or null if gone. */
export function residentBytes(pid: number): number | null {
  const statm = readStatm(pid);
  return statm === null ? null : statm.residentPages * pageSize();
}

/**
 * Resident memory of a process and all its descendants, bytes, or null when the root is gone
 * (or off Linux). Pages shared between the processes are counted once per process, as `ps` does.
 */
export function treeMemory(root: number): number | null {
  const own = residentBytes(root);
  if (own === null) return null;
  let total = own;
  for (const pid of descendantsOf(root).slice(1)) total += residentBytes(pid) ?? 0;
  return total;
}

/** CPU ms of this process's reaped children (cutime + cstime), or null off Linux. */
export function reapedChildrenCpuMs(): { userMs: number; sysMs: number } | null {
  const stat = readStatText('self');
  if (stat === null) return null;
  const fields = statFieldsAfterName(stat);
  // After the name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
  const toMs = (ticks: string | undefined): number =>
    (Number(ticks) * 1000) / clockTicksPerSecond();
  return { userMs: toMs(fields[13]), sysMs: toMs(fields[14]) };
}

/** Sends `signal` to one pid; false when it is gone (or not ours). */
export function signalPid(pid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Signals the process group `pgid` leads (a child started detached leads its own): one call
 * reaches every member, including ones started after we last looked. False if the group is gone.
 */
export function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (!capabilities().hasProcessGroups) return signalPid(pgid, signal);
  return signalPid(-pgid, signal);
}

/**
 * Signals a process and every descendant found in /proc, including ones that left its group
 * (setsid). The tree is frozen first (SIGSTOP) and listed again until no new pid appears: a
 * running process could fork between the listing and the signal, and a killed parent's children
 * are re-parented where the walk cannot find them. Returns the pids signalled.
 */
export function killTree(root: number, signal: NodeJS.Signals = 'SIGKILL'): number[] {
  const frozen = new Set<number>();
  for (let round = 0; round < 8; round += 1) {
    const fresh = descendantsOf(root).filter((pid) => !frozen.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) if (signalPid(pid, 'SIGSTOP')) frozen.add(pid);
    if (frozen.size === 0) break; // the root is gone or not ours
  }
  const signalled = [...frozen].filter((pid) => signalPid(pid, signal));
  // A stopped process acts on anything but SIGKILL only once continued.
  if (signal !== 'SIGKILL') for (const pid of frozen) signalPid(pid, 'SIGCONT');
  return signalled;
}
