import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunThreadsReader } from '../../../../src/core/experiments/lab/run-threads-reader';

/** A /proc stat line with the fields the reader uses: state (3), threads (20), processor (39). */
function statLine(id: number, comm: string, threads: number, processor: number): string {
  const fields = Array.from({ length: 52 }, () => '0');
  fields[0] = String(id);
  fields[1] = `(${comm})`;
  fields[2] = 'R';
  fields[19] = String(threads);
  fields[38] = String(processor);
  return `${fields.join(' ')}\n`;
}

describe('the run-lane reader, on a /proc tree it is pointed at', () => {
  let root: string;
  const pid = 4100;
  const tid = 4101;
  const task = (): string => join(root, String(pid), 'task', String(tid));
  const thread = (comm: string, runNs: number): void => {
    writeFileSync(join(task(), 'stat'), statLine(tid, comm, 2, 1));
    writeFileSync(join(task(), 'schedstat'), `${runNs} 0 1\n`);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lab-fake-proc-'));
    mkdirSync(join(root, String(pid), 'task', String(pid)), { recursive: true });
    mkdirSync(task(), { recursive: true });
    writeFileSync(join(root, String(pid), 'stat'), statLine(pid, 'exp-host', 2, 0));
    const main = join(root, String(pid), 'task', String(pid));
    writeFileSync(join(main, 'stat'), statLine(pid, 'exp-host', 2, 0));
    writeFileSync(join(main, 'schedstat'), '1000 0 1\n');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the name a new thread gives itself on its next tick, however soon', () => {
    const reader = new RunThreadsReader(root);
    reader.setPids([pid]);
    try {
      // First seen under its parent's name, as a thread is before it names itself...
      thread('exp-host', 1_000);
      const first = reader.read(0).threads.find((t) => t.tid === tid);
      expect(first?.name).toBe('exp-host');
      // ...then it names itself and runs: one tick later (sooner than the every-fourth-tick
      // stat of a running thread), a short run may already be over.
      thread('io-async', 2_000_000);
      const next = reader.read(45).threads.find((t) => t.tid === tid);
      expect(next?.name).toBe('io-async');
    } finally {
      reader.close();
    }
  });
});
