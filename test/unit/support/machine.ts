import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * What the real-OS tests need from the machine. Each entry is null when present, else the reason
 * a test that needs it is skipped — shown next to the skipped test, and checked under CI (where
 * .ci/run installs the tools, so nothing may be missing: see ci-prerequisites.test.ts).
 */

/** /usr/bin/python3 (the Python experiment models run with the system Python). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const runs = (command: string): boolean => spawnSync(command, ['--version']).status === 0;

/** Why each capability is missing here, or null. */
export const MISSING = {
  linux: process.platform === 'linux' ? null : `needs Linux /proc (this is ${process.platform})`,
  python: existsSync(SYSTEM_PYTHON)
    ? null
    : `no ${SYSTEM_PYTHON} here (Debian package python3): Python models`,
  taskset: runs('taskset') ? null : 'no taskset here (Debian package util-linux): pinning to cores',
  setpriv: existsSync('/usr/bin/setpriv')
    ? null
    : 'no /usr/bin/setpriv here (Debian package util-linux): tied child processes',
  mkfifo: runs('mkfifo') ? null : 'no mkfifo here (Debian package coreutils): FIFOs',
  twoCpus: availableParallelism() >= 2 ? null : 'needs 2 CPUs to put two ends on different cores',
} as const;

/** What a test may need. */
export type Need = keyof typeof MISSING;

/** Skips the calling test, saying why, unless the machine has everything in `needs`. */
export function requireMachine(
  skip: (condition: boolean, note?: string) => void,
  ...needs: Need[]
): void {
  const reasons = needs.map((need) => MISSING[need]).filter((reason) => reason !== null);
  skip(reasons.length > 0, reasons.join('; '));
}
