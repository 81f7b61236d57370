import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIFO_CHECK_PREFIX, sweepDeadOwnersTempDirs } from '../../../../src/core/os';
import { IPC_SWEPT_PREFIXES } from '../../../../src/core/ipc/lab/ipc-feature';
import { requireMachine } from '../../support/machine';
import { waitFor } from '../../support/os-helpers';
import { descendantsOf, waitForExit } from '../../support/process-tree';

const TSX_CJS = createRequire(__filename).resolve('tsx/cjs');
const FIFO_TS = join(__dirname, '../../../../src/core/os/fifo.ts');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

describe('the FIFO check folder', () => {
  it('is left by a check killed midway, and the IPC sweep removes it', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const root = mkdtempSync(join(tmpdir(), 'lab-os-fifo-sweep-test-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    // A mkfifo that says which FIFO it was asked for, then hangs: the check is stopped there.
    const bin = join(root, 'bin');
    const marker = join(root, 'asked');
    const fake = join(bin, 'mkfifo');
    mkdirSync(bin);
    const script = `#!/bin/sh\necho "$3" > "${marker}.part"\nmv "${marker}.part" "${marker}"\nexec sleep 600\n`;
    writeFileSync(fake, script);
    chmodSync(fake, 0o755);
    // The child's temp folder (TMPDIR), so the sweep looks only at folders of this test.
    const checkRoot = join(root, 'tmp');
    mkdirSync(checkRoot);

    const child = spawn(
      process.execPath,
      ['--require', TSX_CJS, '-e', `require(${JSON.stringify(FIFO_TS)}).fifoUnavailableReason()`],
      {
        detached: true, // its own group: the hanging mkfifo dies with it
        stdio: 'ignore',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, TMPDIR: checkRoot },
      },
    );
    const pid = child.pid ?? -1;
    const killGroup = (): void => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    };
    cleanups.push(killGroup);
    await waitFor(() => existsSync(marker));
    const checkDir = dirname(readFileSync(marker, 'utf8').trim());
    expect(dirname(checkDir)).toBe(checkRoot);
    expect(basename(checkDir).startsWith(FIFO_CHECK_PREFIX)).toBe(true);

    const tree = [pid, ...descendantsOf(pid)]; // the node child and its hanging mkfifo
    expect(tree.length).toBeGreaterThan(1);
    killGroup();
    expect(await waitForExit(tree, 10_000)).toEqual([]);
    expect(existsSync(checkDir)).toBe(true); // the killed check could not clean up

    expect(await sweepDeadOwnersTempDirs(IPC_SWEPT_PREFIXES, checkRoot)).toEqual([checkDir]);
    expect(existsSync(checkDir)).toBe(false);
  });
});
