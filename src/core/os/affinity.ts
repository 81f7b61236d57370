import { execFileSync } from 'node:child_process';
import { parseCpuList } from './procfs/more-parsers';
import { readStatusField } from './procfs/readers';
import { capabilities } from './platform';
import { thisThreadId } from './threads';

/**
 * CPU affinity: which CPUs a process or thread may run on, and pinning the calling thread. Node
 * has no sched_setaffinity, so pinning runs util-linux's taskset on the thread's id.
 */

/**
 * The CPUs this process (or, with 'thread-self', the calling thread) may run on, from
 * /proc Cpus_allowed_list; null off Linux.
 */
export function allowedCpus(of: 'self' | 'thread-self' | number = 'self'): number[] | null {
  const list = readStatusField(of, 'Cpus_allowed_list');
  return list === null ? null : parseCpuList(list);
}

/** Whether taskset runs here; asked once per process (a compare run asks for every measurement). */
let tasksetFound: boolean | undefined;
export function hasTaskset(): boolean {
  if (tasksetFound === undefined) {
    try {
      execFileSync('taskset', ['--version'], { stdio: 'ignore' });
      tasksetFound = true;
    } catch {
      tasksetFound = false;
    }
  }
  return tasksetFound;
}

/** Null when threads can be pinned here, else why not (for a form's disabled reason). */
export function pinUnavailableReason(): string | null {
  if (!capabilities().canPin) return 'pinning to cores is supported on Linux only';
  if (!hasTaskset()) return 'pinning to cores needs taskset (Debian package util-linux)';
  return null;
}

/** Sets a task's (thread's) allowed CPUs to a cpu list such as "2" or "0-3". */
export function setAffinity(tid: number, cpuList: string): void {
  execFileSync('taskset', ['--pid', '--cpu-list', cpuList, String(tid)], { stdio: 'ignore' });
}

/**
 * Pins the calling thread (only it: threads it starts later inherit the pin) to one CPU and
 * returns how to undo it. Throws where pinning is unavailable (see pinUnavailableReason).
 */
export function pinThisThread(cpu: number): () => void {
  const why = pinUnavailableReason();
  if (why !== null) throw new Error(why);
  const tid = thisThreadId();
  const before = readStatusField('thread-self', 'Cpus_allowed_list');
  if (tid === null || before === null) throw new Error('cannot tell this thread from /proc');
  setAffinity(tid, String(cpu));
  return () => setAffinity(tid, before);
}
