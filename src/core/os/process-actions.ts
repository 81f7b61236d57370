import { readdirSync } from 'node:fs';
import { availableParallelism, getPriority, setPriority } from 'node:os';
import { LabError, labError, said, type LabMessage } from '../../shared/lab-messages';
import { allowedCpus, setAffinity } from './affinity';
import { parseCpuList, statusField } from './procfs/more-parsers';
import { readProcText, readStat } from './procfs/readers';

/**
 * Acting on another process as htop does: signals, nice and CPU affinity. Nice and affinity are
 * per thread on Linux (renice and taskset without -a change one thread only), so both are set on
 * every thread, which is what "the process runs at nice 10" means to a learner.
 */

/** The owner of a process: real and effective uid from /proc/PID/status; null if it is gone. */
export function ownerOf(pid: number): { real: number; effective: number } | null {
  const text = readProcText(`/proc/${pid}/status`);
  const uids = text === null ? null : statusField(text, 'Uid');
  const [real, effective] = (uids ?? '').split(/\s+/).map(Number);
  if (real === undefined || effective === undefined) return null;
  if (!Number.isInteger(real) || !Number.isInteger(effective)) return null;
  return { real, effective };
}

/** This process's real uid, or null where the OS has none (Windows). */
export function ownUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

/** The lab itself and every process above it, up to pid 1: what the lab must never act on. */
export function selfAndAncestors(): Set<number> {
  const chain = new Set<number>([process.pid]);
  let pid = process.ppid;
  while (pid > 0 && !chain.has(pid)) {
    chain.add(pid);
    pid = readStat(pid)?.ppid ?? 0;
  }
  return chain;
}

/** The thread ids of a process (its main thread first when it still runs); [] if it is gone. */
export function threadIdsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .filter((tid) => Number.isInteger(tid) && tid > 0)
      .sort((a, b) => (a === pid ? -1 : b === pid ? 1 : a - b));
  } catch {
    return [];
  }
}

/** The CPUs online on this machine (/sys), or 0..n-1 where that file is missing. */
export function onlineCpus(): number[] {
  const text = readProcText('/sys/devices/system/cpu/online');
  const cpus = text === null ? [] : parseCpuList(text);
  return cpus.length > 0 ? cpus : Array.from({ length: availableParallelism() }, (_, i) => i);
}

/** Sends a signal; throws an Error in plain words when the OS refuses. */
export function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    throw osRefusal(error, said('sendSignal', { signal, pid }));
  }
}

/** The nice value of a process's main thread; null if it is gone. */
export function niceOf(pid: number): number | null {
  try {
    return getPriority(pid);
  } catch {
    return null;
  }
}

/** Sets the nice value of every thread of a process; throws in plain words when refused. */
export function setNice(pid: number, nice: number): void {
  const tids = threadIdsOf(pid);
  if (tids.length === 0) throw labError('noProcess', { pid });
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
    } catch (error) {
      // A thread that ended meanwhile is no failure; any other refusal is.
      if (errorCode(error) === 'ESRCH' && tid !== pid) continue;
      throw osRefusal(error, said('setNice', { nice, pid }), true);
    }
  }
}

/** The CPUs a process's main thread may run on; null if it is gone. */
export function cpusOf(pid: number): number[] | null {
  return allowedCpus(pid);
}

/** Lets every thread of a process run only on `cpus` (taskset on each thread, as taskset -a). */
export function setProcessCpus(pid: number, cpus: readonly number[]): void {
  const tids = threadIdsOf(pid);
  if (tids.length === 0) throw labError('noProcess', { pid });
  const list = cpus.join(',');
  for (const tid of tids) {
    try {
      setAffinity(tid, list);
    } catch {
      if (readStat(tid) === null && tid !== pid) continue; // that thread ended meanwhile
      throw labError('affinityRefused', { pid, cpus: list });
    }
  }
}

/** The errno name (EPERM, ESRCH, EACCES…) of a Node error, or null. */
function errorCode(error: unknown): string | null {
  // os.setPriority throws ERR_SYSTEM_ERROR and keeps the errno name in its info.
  const info = (error as { info?: { code?: unknown } } | null)?.info?.code;
  if (typeof info === 'string') return info;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** An OS refusal as a sentence a learner can read; `nice` says why permission may lack. */
function osRefusal(error: unknown, what: LabMessage, nice = false): LabError {
  const cause = { cause: error };
  switch (errorCode(error)) {
    case 'ESRCH':
      return new LabError(said('osEnded', { what }), cause);
    case 'EPERM':
    case 'EACCES':
      return new LabError(said(nice ? 'osDeniedNice' : 'osDenied', { what }), cause);
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new LabError(said('osFailed', { what, reason }), cause);
    }
  }
}
