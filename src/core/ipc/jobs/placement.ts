import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import type { IpcPlacement } from '../../../shared/ipc';

/**
 * Where a run's two ends execute: the receiver is the runner, the consumer or the round-trip
 * client; the sender is the producers or the echo peer. On a VM, waking a thread
 * that sleeps on another core goes through the hypervisor (~60 µs here) while a switch on the
 * same core is a few µs, so a round trip with the scheduler choosing flips between the two from
 * run to run; pinning both ends makes it one or the other, on purpose.
 */
export interface RunCores {
  receiver?: number;
  sender?: number;
}

/** CPUs in a Linux cpu list such as "0-3,8". */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    const last = to === undefined ? from : to;
    for (let cpu = from; cpu <= last; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

/** The CPUs this thread may run on, from /proc (Linux only). */
function allowedCpuList(statusPath: string): string {
  const status = readFileSync(statusPath, 'utf8');
  const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
  if (!line?.[1]) throw new Error(`no Cpus_allowed_list in ${statusPath}`);
  return line[1];
}

/** Whether taskset runs here; asked once per process (a compare run asks for every measurement). */
let tasksetFound: boolean | undefined;
function hasTaskset(): boolean {
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

/** Null when `placement` can be honoured here, else why not. */
export function placementUnavailableReason(placement: IpcPlacement): string | null {
  if (placement === 'any') return null;
  if (process.platform !== 'linux') return 'pinning ends to cores is supported on Linux only';
  if (!hasTaskset()) return 'pinning ends to cores needs taskset (Debian package util-linux)';
  const cpus = parseCpuList(allowedCpuList('/proc/self/status'));
  if (placement === 'split-cores' && cpus.length < 2) {
    return `split cores needs 2 CPUs; this process may use only ${cpus.length}`;
  }
  return null;
}

/** The cores of each end for a placement: the first one or two CPUs this process may use. */
export function coresFor(placement: IpcPlacement): RunCores {
  if (placement === 'any') return {};
  const [first, second] = parseCpuList(allowedCpuList('/proc/self/status'));
  if (first === undefined) return {};
  return { receiver: first, sender: placement === 'split-cores' ? second : first };
}

/** This thread's id (Linux): what /proc/thread-self points at, "<pid>/task/<tid>". */
function currentTid(): number {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (!Number.isInteger(tid)) throw new Error('cannot tell this thread id from /proc/thread-self');
  return tid;
}

function setAffinity(tid: number, cpus: string): void {
  execFileSync('taskset', ['--pid', '--cpu-list', cpus, String(tid)], { stdio: 'ignore' });
}

/**
 * Pins the calling thread (only it: threads it starts later inherit the pin) to one CPU and
 * returns how to undo it.
 */
export function pinCurrentThread(cpu: number): () => void {
  const tid = currentTid();
  const before = allowedCpuList('/proc/thread-self/status');
  setAffinity(tid, String(cpu));
  return () => setAffinity(tid, before);
}
