import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FdBudget,
  listDir,
  openFileLimit,
  ProcFile,
} from '../../../../src/core/sampling/proc-file';
import { openFdCount } from '../../support/os-helpers';

describe('ProcFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'proc-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one descriptor open and re-reads from the start each time', () => {
    const path = join(dir, 'stat');
    writeFileSync(path, 'first');
    const budget = new FdBudget(10);
    const file = new ProcFile(path, budget);
    const fds = openFdCount();
    expect(file.read()).toBe('first');
    expect(budget.held).toBe(1);
    writeFileSync(path, 'second, longer');
    expect(file.read()).toBe('second, longer');
    expect(openFdCount()).toBe(fds + 1);
    file.close();
    expect(budget.held).toBe(0);
    expect(openFdCount()).toBe(fds);
    expect(file.read()).toBeNull();
  });

  it('reads a vanished file as null ("gone") and holds nothing', () => {
    const budget = new FdBudget(10);
    const file = new ProcFile(join(dir, 'missing'), budget);
    expect(file.read()).toBeNull();
    expect(file.failure).toBe('gone');
    expect(budget.held).toBe(0);
  });

  it('reads an unreadable file as null ("denied") without throwing', () => {
    const file = new ProcFile(dir, new FdBudget(10)); // a folder: EISDIR on read
    expect(file.read()).toBeNull();
    expect(file.failure).toBe('denied');
  });

  it('over budget, opens, reads and closes each time', () => {
    const path = join(dir, 'status');
    writeFileSync(path, 'x'.repeat(40_000)); // bigger than the shared buffer: it grows
    const budget = new FdBudget(0);
    const file = new ProcFile(path, budget);
    const fds = openFdCount();
    expect(file.read()).toHaveLength(40_000);
    expect(budget.held).toBe(0);
    expect(openFdCount()).toBe(fds);
  });

  it("lists a missing folder as empty and finds this process's descriptor limit", () => {
    expect(listDir(join(dir, 'nope'))).toEqual([]);
    if (process.platform === 'linux') expect(openFileLimit()).toBeGreaterThan(0);
  });
});
