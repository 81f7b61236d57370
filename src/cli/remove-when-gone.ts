import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

/** Waits for EOF on stdin (our end closes however we end), then for `$1` to exit, then removes `$2`. */
const SCRIPT =
  'read -r _; i=0; ' +
  'while [ "$i" -lt 100 ] && kill -0 "$1" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done; ' +
  'rm -rf -- "$2"';

/** Handle on a pending removal. */
export interface PendingRemoval {
  /** Lets the removal go ahead now (after our own cleanup, it finds nothing left). */
  release(): void;
}

/**
 * Removes `dir` once this process has ended (even by SIGKILL, when no cleanup of ours runs) and
 * `pid` has exited too (waiting at most ~10 s), so a throw-away folder never outlives us.
 * A small shell in its own process group holds the other end of a pipe only we write to.
 */
export function removeWhenGone(dir: string, pid: number | undefined): PendingRemoval {
  const cleaner = spawn(
    '/bin/sh',
    ['-c', SCRIPT, 'concurrency-lab-cleanup', String(pid ?? ''), dir],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
      // Its own process group: Ctrl-C in the terminal must not end it before it has cleaned up.
      detached: true,
    },
  );
  cleaner.on('error', () => undefined);
  cleaner.unref();
  const pipe = cleaner.stdin as Socket | null;
  pipe?.on('error', () => undefined);
  pipe?.unref();
  return { release: () => void pipe?.end() };
}
