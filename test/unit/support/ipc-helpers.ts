import { readdirSync, readFileSync } from 'node:fs';

/** True while a process with this pid exists (zombies included: the parent must reap them). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids a run reported, minus this test process. */
export function peerPids(pids: number[]): number[] {
  return pids.filter((pid) => pid !== process.pid);
}

/**
 * IPC peers and runners (children of this process) still present, by pid (Linux /proc; empty
 * elsewhere). Other children are not counted: loading TypeScript in worker threads from source
 * starts esbuild service processes that end shortly after their thread.
 */
export function childPids(): number[] {
  if (process.platform !== 'linux') return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      // Peers and runners rename themselves "ipc-<role>"; before that their file is ipc/….
      if (/ipc[-/]/.test(cmdline)) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}
