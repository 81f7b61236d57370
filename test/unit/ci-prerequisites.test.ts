import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Some real-OS tests run only where their tools exist (Python, taskset, setpriv, mkfifo), and
 * skip elsewhere. In CI they must never skip silently: this fails instead, naming what is missing
 * (.ci/run installs it).
 */
describe.runIf(process.env['CI'] === 'true' && process.platform === 'linux')(
  'the CI machine',
  () => {
    it('has every tool the real-OS tests need', () => {
      const missing = [
        existsSync('/usr/bin/python3') ? null : '/usr/bin/python3 (experiments: Python models)',
        spawnSync('taskset', ['--version']).status === 0
          ? null
          : 'taskset (sampler: pinned threads; IPC: placement)',
        existsSync('/usr/bin/setpriv') ? null : 'setpriv (tied child processes)',
        spawnSync('mkfifo', ['--version']).status === 0 ? null : 'mkfifo (IPC: FIFOs)',
      ].filter((item) => item !== null);
      expect(missing).toEqual([]);
    });
  },
);
