import { capabilities, SETPRIV_PATH } from './platform';

/**
 * Children tied to this process's life by the kernel: Linux's parent-death signal, set by
 * util-linux's setpriv before exec, ends the child even when we die by SIGKILL and can clean
 * nothing up. Elsewhere, or without setpriv, commands pass unchanged and the caller's own
 * cleanup is all there is.
 */

/**
 * The command line that runs `command` so the kernel sends it `signal` (SIGTERM unless told)
 * when this process dies. Spawn from the main thread: Linux ties the child to the thread that
 * started it.
 */
export function tiedSpawn(
  command: string,
  args: string[],
  signal: 'TERM' | 'KILL' = 'TERM',
): { command: string; args: string[] } {
  if (!capabilities().canTieChildren) return { command, args };
  return { command: SETPRIV_PATH, args: ['--pdeathsig', signal, '--', command, ...args] };
}

/**
 * fork() options that tie a Node child to this process the same way (SIGKILL when we die),
 * from before its first instruction: a child still loading its code — seconds on a busy
 * machine — cannot watch its parent yet. Elsewhere the options are returned unchanged.
 */
export function tiedForkOptions(execArgv: string[]): { execPath?: string; execArgv: string[] } {
  if (!capabilities().canTieChildren) return { execArgv };
  return {
    execPath: SETPRIV_PATH,
    execArgv: ['--pdeathsig', 'KILL', '--', process.execPath, ...execArgv],
  };
}
