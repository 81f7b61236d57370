import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMachines, saveMachines } from '../../../../src/core/machines/machine-store';
import { LabService } from '../../../../src/core/service';

const TOKEN = 'store-test-token-0123456789abcdef';
const saved = [{ id: 'm-1', name: 'lab-a', url: 'ws://127.0.0.1:7070', token: TOKEN }];

let root: string;
let file: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lab-machines-store-'));
  file = join(root, 'config', 'concurrency-lab', 'machines.json');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the saved machines file', () => {
  it('is written 0600 in a 0700 folder and read back', async () => {
    await saveMachines(file, saved);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'config', 'concurrency-lab')).mode & 0o777).toBe(0o700);
    expect(loadMachines(file)).toEqual({ machines: saved, problem: null });
    // Rewritten atomically: no temp file is left beside it.
    await saveMachines(file, []);
    expect(loadMachines(file)).toEqual({ machines: [], problem: null });
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
  });

  it('a missing file is an empty list, with no complaint', () => {
    expect(loadMachines(file)).toEqual({ machines: [], problem: null });
  });

  it('refuses a file other users can read, and says why', async () => {
    await saveMachines(file, saved);
    chmodSync(file, 0o644);
    const loaded = loadMachines(file);
    expect(loaded.machines).toEqual([]);
    expect(loaded.problem).toMatch(/mode 0644.*chmod 600/);
  });

  it('refuses a file another user owns', async (context) => {
    context.skip(process.getuid?.() !== 0, 'needs root to give a file to another user');
    await saveMachines(file, saved);
    chownSync(file, 65534, 65534);
    const loaded = loadMachines(file);
    expect(loaded.machines).toEqual([]);
    expect(loaded.problem).toMatch(/belongs to uid 65534/);
  });

  it('the lab shows a refused file as a problem and keeps only this machine', async () => {
    await saveMachines(file, saved);
    chmodSync(file, 0o640);
    const service = new LabService({ recordingsDir: root, machines: { file } });
    try {
      const result = await service.call('machine:list', {});
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const state = result.value as { machines: { id: string }[]; problem: string | null };
      expect(state.machines.map((machine) => machine.id)).toEqual(['local']);
      expect(state.problem).toMatch(/mode 0640/);
    } finally {
      await service.dispose();
    }
  });

  it('the local machine cannot be removed and bad requests are refused with the field', async () => {
    const service = new LabService({ recordingsDir: root, machines: { file } });
    try {
      expect(await service.call('machine:remove', { id: 'local' })).toEqual({
        ok: false,
        error: 'machine:remove: this machine is always in the list',
        said: { key: 'thisMachineStays', values: {} },
      });
      const bad = await service.call('machine:add', {
        name: 'x'.repeat(41),
        url: 'ftp://host:1',
        token: 'short',
      });
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.error).toMatch(/name: must be at most 40/);
      expect(bad.error).toMatch(/url: must be ws:\/\/host:port/);
      expect(bad.error).toMatch(/token: must be at least 16/);
    } finally {
      await service.dispose();
    }
  });
});
