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
