import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

/**
 * The command line that runs `command` so the kernel ends it when our process dies, even by
 * SIGKILL (Linux's parent-death signal, set by util-linux's setpriv before exec). Elsewhere,
 * or without setpriv, the command is returned unchanged and the caller's own cleanup is all
 * there is.
 */
export function tiedToThisProcess(
  command: string,
  args: string[],
): { command: string; args: string[] } {
  if (process.platform !== 'linux' || !existsSync(SETPRIV)) return { command, args };
  return { command: SETPRIV, args: ['--pdeathsig', 'TERM', '--', command, ...args] };
}

/**
 * fork() options that tie a Node child to this process the same way (SIGKILL when we die),
 * from before its first instruction: a child still loading its code — seconds on a busy
 * machine — cannot watch its parent yet. Fork from the main thread: Linux ties the child to
 * the thread that started it. Elsewhere the options are returned unchanged.
 */
export function tiedForkOptions(execArgv: string[]): { execPath?: string; execArgv: string[] } {
  if (process.platform !== 'linux' || !existsSync(SETPRIV)) return { execArgv };
  return {
    execPath: SETPRIV,
    execArgv: ['--pdeathsig', 'KILL', '--', process.execPath, ...execArgv],
  };
}
