import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the real-OS tests need from the machine. Each entry is null when present, else the reason
 * a test that needs it is skipped — shown next to the skipped test, and checked under CI (where
 * .ci/run installs the tools, so nothing may be missing: see ci-prerequisites.test.ts).
 */

/** /usr/bin/python3 (the Python experiment models run with the system Python). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const runs = (command: string): boolean => spawnSync(command, ['--version']).status === 0;

let tmpfsMissing: string | null | undefined;
function canMountTmpfs(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'lab-tmpfs-probe-'));
  try {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], {
      encoding: 'utf8',
    });
    if (mount.status !== 0) {
      return `cannot mount a tmpfs here (${mount.stderr.trim() || mount.error?.message || 'mount failed'}; needs root and mount permission): full-disk tests`;
    }
    spawnSync('umount', [dir]);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let mountNamespaceMissing: string | null | undefined;
function canBindInMountNamespace(): string | null {
  const probe = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'mount', '--bind', '/proc/version', '/proc/version'],
    { encoding: 'utf8' },
  );
  return probe.status === 0
    ? null
    : `cannot bind-mount in a private mount namespace (${probe.stderr.trim() || probe.error?.message || 'unshare failed'}; needs root, util-linux): a platform without some /proc columns`;
}

/** Why each capability is missing here, or null. */
export const MISSING = {
  linux: process.platform === 'linux' ? null : `needs Linux /proc (this is ${process.platform})`,
  python: existsSync(SYSTEM_PYTHON)
    ? null
    : `no ${SYSTEM_PYTHON} here (Debian package python3): Python models`,
  gevent:
    spawnSync(SYSTEM_PYTHON, ['-c', 'import gevent']).status === 0
      ? null
      : `gevent does not import in ${SYSTEM_PYTHON} (Debian package python3-gevent): the python-gevent model`,
  taskset: runs('taskset') ? null : 'no taskset here (Debian package util-linux): pinning to cores',
  setpriv: existsSync('/usr/bin/setpriv')
    ? null
    : 'no /usr/bin/setpriv here (Debian package util-linux): tied child processes',
  chromium: existsSync('/usr/bin/chromium')
    ? null
    : 'no /usr/bin/chromium here (Debian package chromium): the app window',
  cc: runs('cc')
    ? null
    : 'no C compiler (cc) here (Debian package gcc): the native run-lane sampler',
  mkfifo: runs('mkfifo') ? null : 'no mkfifo here (Debian package coreutils): FIFOs',
  prometheus:
    existsSync('/usr/bin/prometheus') && existsSync('/usr/bin/promtool')
      ? null
      : 'no /usr/bin/prometheus or /usr/bin/promtool here (Debian package prometheus): metrics checks',
  root:
    process.getuid?.() === 0
      ? null
      : 'needs root to start a process as another user (setpriv --reuid): refusing other users',
  twoCpus: availableParallelism() >= 2 ? null : 'needs 2 CPUs to put two ends on different cores',
  /** Checked by trying (only when a test asks): containers may forbid unshare(2) and mount(2). */
  get mountNamespace(): string | null {
    return (mountNamespaceMissing ??= canBindInMountNamespace());
  },
  /** Checked by mounting one (only when a test asks): containers may forbid mount(2). */
  get tmpfs(): string | null {
    return (tmpfsMissing ??= canMountTmpfs());
  },
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
