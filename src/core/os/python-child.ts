import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { killGroup } from './process-tree';
import { tiedSpawn } from './tied';

/**
 * A Python script run as the leader of its own process group, tied to this process by the
 * kernel (SIGKILL when we die), so one group kill ends it with every process it started
 * (multiprocessing children, a Manager's server) even when the script itself cannot.
 */

/** A started Python script. */
export interface PythonChild {
  readonly pid: number;
  /** Its stdin (kept open: the script leaves when it reads EOF), stdout and stderr. */
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once it has exited and its stdout has ended; never rejects. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }>;
  /** SIGKILLs its whole process group (a no-op once the group is empty). */
  killGroup(): void;
}

/** Runs `python -B script args…` in a new process group. */
export function startPythonScript(python: string, script: string, args: string[]): PythonChild {
  const tied = tiedSpawn(python, ['-B', script, ...args], 'KILL');
  const child = spawn(tied.command, tied.args, { stdio: 'pipe', detached: true });
  const closed = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    error?: string;
  }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error: error.message });
    });
  });
  const pid = child.pid ?? -1;
  return {
    pid,
    child,
    closed,
    killGroup() {
      // The group outlives its leader while any member lives: signal it even after exit.
      if (pid > 0) killGroup(pid, 'SIGKILL');
    },
  };
}
