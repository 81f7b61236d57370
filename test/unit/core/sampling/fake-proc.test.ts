import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinuxProcessSampler } from '../../../../src/core/sampling/linux-processes';
import { watching } from '../../support/os-helpers';

/**
 * A made-up /proc in a temporary folder: the sampler reads it like the real one, so a pid
 * reused by a new process (which a real system cannot be made to do on demand) is testable.
 */
class FakeProc {
  readonly root = mkdtempSync(join(tmpdir(), 'fake-proc-'));

  constructor() {
    writeFileSync(join(this.root, 'stat'), 'cpu  1 0 1 10\ncpu0 1 0 1 10\nbtime 1700000000\n');
    this.lastPid(100);
  }

  lastPid(pid: number): void {
    writeFileSync(join(this.root, 'loadavg'), `0.00 0.00 0.00 1/10 ${pid}\n`);
  }

  process(pid: number, name: string, start: number, cpuTicks: number, runNs: number): void {
    const dir = join(this.root, String(pid));
    mkdirSync(join(dir, 'task'), { recursive: true });
    const stat = `${pid} (${name}) S 1 ${pid} ${pid} 0 -1 4194304 0 0 0 0 ${cpuTicks} 0 0 0 20 0 1 0 ${start} 1000 25 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n`;
    writeFileSync(join(dir, 'stat'), stat);
    writeFileSync(
      join(dir, 'status'),
      `Name:\t${name}\nTgid:\t${pid}\nUid:\t0\t0\t0\t0\nvoluntary_ctxt_switches:\t${runNs}\nnonvoluntary_ctxt_switches:\t0\n`,
    );
    writeFileSync(join(dir, 'schedstat'), `${runNs} 0 ${runNs}\n`);
    writeFileSync(join(dir, 'cmdline'), `${name}\0--flag\0`);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

describe('the sampler on a made-up /proc', () => {
  let proc: FakeProc;
  let sampler: LinuxProcessSampler;
  beforeEach(() => {
    proc = new FakeProc();
    proc.process(42, 'first one', 5000, 10, 100);
    sampler = new LinuxProcessSampler({ procRoot: proc.root, pageSize: 4096 });
  });
  afterEach(async () => {
    await sampler.close();
    proc.remove();
  });

  it('reads rows with the command line, memory and start time', () => {
    const [row] = sampler.sampleNow(watching()).rows;
    expect(row).toMatchObject({
      key: '42:5000',
      name: 'first one',
      command: 'first one --flag',
      user: 'root',
      rssBytes: 25 * 4096,
      threads: 1,
      cpuPercent: null, // one reading is not a rate yet
      startTime: 1700000000 * 1000 + 5000 * 10,
    });
  });

  it('a pid reused by a new process is a new row', () => {
    expect(sampler.sampleNow(watching()).rows.map((r) => r.key)).toEqual(['42:5000']);
    proc.process(42, 'second', 9000, 0, 5);
    proc.lastPid(7); // pids wrapped around: the sampler lists /proc again
    const keys = sampler.sampleNow(watching()).rows.map((r) => r.key);
    expect(keys).toEqual(['42:9000']);
  });

  it('a process that did not run is not re-read, and its CPU reads 0', () => {
    sampler.sampleNow(watching());
    proc.process(42, 'first one', 5000, 10, 100); // same counters: it did not run
    const [row] = sampler.sampleNow(watching()).rows;
    expect(row?.cpuPercent).toBe(0);
    expect(row?.voluntarySwitchesPerSec).toBe(0);
  });

  it('finds a process created since the last tick through the last pid handed out', () => {
    sampler.sampleNow(watching());
    proc.process(101, 'newcomer', 6000, 0, 1);
    proc.lastPid(101);
    const names = sampler.sampleNow(watching()).rows.map((r) => r.name);
    expect(names.sort()).toEqual(['first one', 'newcomer']);
  });
});
