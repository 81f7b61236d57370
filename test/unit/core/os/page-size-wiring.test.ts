import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { residentBytes, treeMemory } from '../../../../src/core/os/process-tree';
import { requireMachine } from '../../support/machine';

// This machine's kernel has 4 KiB pages, so a reader that assumes 4096 bytes cannot be caught
// on it. Here the measured page size is made 64 KiB (as on some arm64 kernels): the process
// tree must count pages in whatever the measurement says.
vi.mock('../../../../src/core/os/procfs/units', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  pageSize: () => 65536,
}));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('memory is counted in the measured page size', () => {
  it('residentBytes and treeMemory are statm pages × the page size', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(child);
    await new Promise((resolve) => child.once('spawn', resolve));
    const pid = child.pid ?? -1;
    await vi.waitFor(() => expect(readFileSync(`/proc/${pid}/comm`, 'utf8')).toBe('sleep\n'));
    // Just after exec the loader is still mapping libraries and the resident pages grow (on a
    // busy machine for a while): compare only readings the kernel's own count bracketed.
    const pages = (): number => Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    let reading: { before: number; resident: number | null; tree: number | null; after: number };
    do {
      const before = pages();
      reading = { before, resident: residentBytes(pid), tree: treeMemory(pid), after: pages() };
      if (reading.before !== reading.after) await new Promise((resolve) => setTimeout(resolve, 20));
    } while (reading.before !== reading.after);
    expect(reading.resident).toBe(reading.before * 65536);
    expect(reading.tree).toBe(reading.before * 65536);
  });
});
