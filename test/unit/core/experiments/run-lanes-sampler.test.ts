import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { schedstatFromBytes, statFromBytes } from '../../../../src/core/experiments/lab/proc-bytes';
import { RunLanesSampler, TICK_MS } from '../../../../src/core/experiments/lab/run-lanes-sampler';
import { parsePidStat, parseSchedstat } from '../../../../src/core/os/procfs';
import { requireMachine } from '../../support/machine';
import { openFdsWhere } from '../../support/os-helpers';
import { kernelSwitches, startSpinner } from '../../support/run-helpers';

/**
 * The run-lane sampler itself, against real processes: it samples on a thread of its own (the
 * main thread is not woken per tick), and nothing it started or opened outlives stop(). The
 * byte parsers it uses are checked against the string parsers on real /proc files.
 */

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Names of this process's threads now. */
function ownThreadNames(): string[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()];
    } catch {
      return [];
    }
  });
}

/** This process's descriptors open on the /proc files of `pid`. */
function fdsOn(pid: number): number {
  return openFdsWhere((target) => target.startsWith(`/proc/${pid}/`));
}

describe('run-lane sampler', () => {
  it('samples on its own thread: ticks go on while the main thread is held, and nothing outlives stop', async (context) => {
    requireMachine(context.skip, 'linux');
    const pid = await startSpinner(children);
    // The sampling thread, as where the native helper was not built.
    const sampler = new RunLanesSampler({ runId: 'sampler-test', python: false, native: false });
    sampler.setPids([pid]);
    sampler.start();
    expect(await sampler.ready).toBe(true);
    expect(ownThreadNames()).toContain('lane-sampler');
    expect(fdsOn(pid)).toBeGreaterThan(0);
    // Hold this thread: a timer-driven sampler takes no tick until it is let go.
    const before = sampler.ticks;
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      // busy on purpose
    }
    const lanes = sampler.stop();
    // The ticks taken meanwhile arrive with stop(); its last look adds one at most.
    expect(sampler.ticks - before).toBeGreaterThan(3);
    const spinning = lanes.lanes.find((lane) => lane.tid === pid);
    expect(spinning?.states).toMatch(/[RW]/);
    expect(spinning?.cores).toMatch(/[0-9a-z]/);
    await sampler.closed;
    expect(ownThreadNames()).not.toContain('lane-sampler');
    expect(fdsOn(pid)).toBe(0);
    expect(sampler.openFiles).toBe(0);
  }, 30_000);

  it("counts a thread's context switches as the kernel does, from schedstat alone", async (context) => {
    requireMachine(context.skip, 'linux');
    // A main thread that sleeps and wakes every 2 ms: hundreds of switches a second.
    const child = spawn(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 2);'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(child);
    await new Promise((resolve) => child.stdout?.once('data', resolve));
    const pid = child.pid ?? 0;
    const switches = (): number => kernelSwitches(pid);
    const sampler = new RunLanesSampler({ runId: 'sampler-switches', python: false });
    sampler.setPids([pid]);
    const before = switches();
    sampler.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const lanes = sampler.stop();
    const kernel = switches() - before;
    await sampler.closed;
    const counted = lanes.lanes.find((lane) => lane.tid === pid)?.contextSwitches ?? null;
    expect(kernel).toBeGreaterThan(100);
    expect(counted).not.toBeNull();
    // Up to the last look, which comes after start's first and before the second status read:
    // only the switches in those two gaps (and the one going on) may differ.
    expect(Math.abs((counted ?? 0) - kernel)).toBeLessThanOrEqual(5 + kernel * 0.02);
  }, 30_000);

  it('on the main thread alone gives the same lanes, and closes its files', async (context) => {
    requireMachine(context.skip, 'linux');
    const pid = await startSpinner(children);
    const sampler = new RunLanesSampler({
      runId: 'sampler-main',
      python: false,
      mainThreadOnly: true,
    });
    sampler.setPids([pid]);
    const started = performance.now();
    sampler.start();
    expect(await sampler.ready).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(fdsOn(pid)).toBeGreaterThan(0);
    const lanes = sampler.stop();
    // One tick per point of its grid at most (a timer firing early must not take the same
    // point twice), plus the first and the last look.
    expect(sampler.ticks).toBeLessThanOrEqual((performance.now() - started) / TICK_MS + 2);
    expect(lanes.lanes.find((lane) => lane.tid === pid)?.states).toMatch(/[RW]/);
    expect(fdsOn(pid)).toBe(0);
    expect(sampler.openFiles).toBe(0);
  }, 30_000);

  it('parses stat and schedstat bytes as the string parsers do, odd names included', async (context) => {
    requireMachine(context.skip, 'linux');
    // A process whose name holds ") (" and a space: comm is the executable's file name.
    const dir = mkdtempSync(join(tmpdir(), 'lanes-bytes-'));
    dirs.push(dir);
    const odd = join(dir, 'a) b (c');
    symlinkSync('/bin/sleep', odd);
    const child = spawn(odd, ['30'], { stdio: 'ignore' });
    children.push(child);
    await new Promise((resolve) => child.once('spawn', resolve));
    const pids = [process.pid, child.pid ?? 0];
    let checked = 0;
    for (const pid of pids) {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const base = `/proc/${pid}/task/${tid}`;
        const stat = readFileSync(`${base}/stat`);
        const sched = readFileSync(`${base}/schedstat`);
        const byString = parsePidStat(stat.toString('latin1'));
        const byBytes = statFromBytes(stat, stat.length);
        expect(byBytes).not.toBeNull();
        if (byBytes === null || byString === null) continue;
        expect(stat.subarray(byBytes.nameStart, byBytes.nameEnd).toString('utf8')).toBe(
          byString.name,
        );
        expect(byBytes.state).toBe(byString.state);
        expect(byBytes.threads).toBe(byString.threads);
        expect(byBytes.processor).toBe(byString.processor);
        expect(schedstatFromBytes(sched, sched.length)).toEqual(
          parseSchedstat(sched.toString('latin1')),
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(1);
    const oddStat = readFileSync(`/proc/${child.pid}/stat`);
    const parsed = statFromBytes(oddStat, oddStat.length);
    expect(oddStat.subarray(parsed?.nameStart, parsed?.nameEnd).toString()).toBe('a) b (c');
    // Cut short, or not numbers: no reading rather than a wrong one.
    expect(statFromBytes(oddStat, 30)).toBeNull();
    expect(schedstatFromBytes(Buffer.from('12 x 3\n'), 7)).toBeNull();
    expect(schedstatFromBytes(Buffer.from('12 34\n'), 6)).toBeNull();
  });
});
