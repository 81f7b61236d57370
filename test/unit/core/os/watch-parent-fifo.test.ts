import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fifoUnavailableReason, makeFifo } from '../../../../src/core/os';
import { requireMachine } from '../../support/machine';
import { survivorsAmong, waitForExit } from '../../support/process-tree';

const TSX_CJS = createRequire(__filename).resolve('tsx/cjs');
const WATCH_PARENT = join(__dirname, '../../../../src/core/os/watch-parent.ts');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const killQuietly = (pid: number): void => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
};

describe('watchParent', () => {
  it('a child leaves once its parent is SIGKILLed, with no IPC channel', async ({ skip }) => {
    requireMachine(skip, 'linux');
    // The child says "watching" once it watches: a parent killed before would go unnoticed.
    const child = `require(${JSON.stringify(WATCH_PARENT)}).watchParent(() => process.exit(0), 20); console.log('watching'); setInterval(() => {}, 1000);`;
    const nodeLine = [process.execPath, '--require', TSX_CJS, '-e', child]
      .map((part) => `'${part.replaceAll("'", `'\\''`)}'`)
      .join(' ');
    const parent = spawn('sh', ['-c', `${nodeLine} & echo $!; wait`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    cleanups.push(() => killQuietly(parent.pid ?? -1));
    const pid = await new Promise<number>((resolve) => {
      let text = '';
      parent.stdout?.on('data', (chunk) => {
        text += String(chunk);
        if (text.includes('watching')) resolve(Number(text.trim().split(/\s+/)[0]));
      });
    });
    cleanups.push(() => killQuietly(pid));
    expect(survivorsAmong([pid])).toHaveLength(1);
    parent.kill('SIGKILL');
    expect(await waitForExit([pid], 10_000)).toEqual([]);
  });
});

describe('FIFOs', () => {
  it('makeFifo makes a FIFO, and FIFOs are reported available', async ({ skip }) => {
    requireMachine(skip, 'linux', 'mkfifo');
    const dir = mkdtempSync(join(tmpdir(), 'lab-os-fifo-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await makeFifo(join(dir, 'a.fifo'));
    const info = statSync(join(dir, 'a.fifo'));
    expect(info.isFIFO()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    expect(await fifoUnavailableReason()).toBeNull();
  });
});
