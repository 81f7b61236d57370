import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { SampleMarks } from '../../../src/core/sampling/sampler-types';

/** Children started by a test; `killAll` ends every one (call it in afterEach). */
export class Children {
  private readonly started: ChildProcess[] = [];

  /** Starts a child with no stdio; it is killed by killAll. */
  start(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { stdio: 'ignore' });
    this.started.push(child);
    return child;
  }

  /** Starts `node -e script`, optionally pinned to one core with taskset, at top priority. */
  node(script: string, args: string[] = [], core?: number): ChildProcess {
    return this.start('nice', [...pinned(core), process.execPath, '-e', script, ...args]);
  }

  /** Starts a shell busy loop, optionally pinned to one core, at top priority. */
  busyLoop(core?: number): ChildProcess {
    return this.start('nice', [...pinned(core), 'sh', '-c', 'while :; do :; done']);
  }

  /** Kills every child and waits until each has been reaped. */
  async killAll(): Promise<void> {
    await Promise.all(
      this.started.splice(0).map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}

/**
 * Arguments for `nice`: top priority (-20), so other programs on this shared machine do not
 * take the CPU a test measures; without the right to raise it, nice runs the command as is.
 * Then taskset pins it to `core` when given.
 */
function pinned(core: number | undefined): string[] {
  return ['-n', '-20', ...(core === undefined ? [] : ['taskset', '-c', String(core)])];
}

/**
 * A Node script starting one worker thread per entry of its JSON argument; each names itself
 * (/proc/thread-self/comm) and then spins (busy) or blocks in Atomics.wait (sleeping).
 */
export const WORKERS_SCRIPT = `
const { Worker } = require('node:worker_threads');
const body = \`
const { workerData } = require('node:worker_threads');
require('node:fs').writeFileSync('/proc/thread-self/comm', workerData.name);
if (workerData.busy) { for (;;) {} }
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
\`;
for (const spec of JSON.parse(process.argv[1])) new Worker(body, { eval: true, workerData: spec });
setInterval(() => {}, 1000);
`;

/** Names of the threads of a process right now (comm of each /proc/PID/task/TID). */
export function threadNames(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
    );
  } catch {
    return [];
  }
}

/** Waits until `check` is true, polling every 50 ms; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Open descriptors of this process. */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** This process's open descriptors whose target (as /proc/self/fd links it) passes `test`. */
export function openFdsWhere(test: (target: string) => boolean): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return test(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      return false; // closed meanwhile (the listing's own descriptor)
    }
  }).length;
}

/** Marks for one tick: watch these pids, track none. */
export function watching(...pids: number[]): SampleMarks {
  return { watchedPids: new Set(pids), trackedBy: new Map() };
}

/** The kernel's own counters for one core, one process and one of its threads, at one instant. */
export interface KernelCounters {
  atMs: number;
  /** /proc/stat cpuN: all ticks, and the idle + iowait ones. */
  coreTotalTicks: number;
  coreIdleTicks: number;
  /** /proc/PID/stat utime + stime, clock ticks. */
  processTicks: number;
  /** /proc/PID/task/TID/schedstat: ns on a CPU, ns waiting on a run queue. */
  threadRunNs: number;
  threadWaitNs: number;
}

/** Clock ticks per second of /proc/stat and /proc/PID/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** Reads the kernel's counters the sampler is compared with (the test's own reading). */
export function readKernelCounters(core: number, pid: number, tid = pid): KernelCounters {
  const cpuLine = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((line) => line.startsWith(`cpu${core} `));
  const ticks = (cpuLine ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are the 12th and 13th after the name.
  const processTicks = Number(afterName[11]) + Number(afterName[12]);
  const [runNs, waitNs] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')
    .trim()
    .split(' ')
    .map(Number);
  return {
    atMs: performance.now(),
    coreTotalTicks: ticks.reduce((sum, value) => sum + value, 0),
    coreIdleTicks: (ticks[3] ?? 0) + (ticks[4] ?? 0),
    processTicks,
    threadRunNs: runNs ?? 0,
    threadWaitNs: waitNs ?? 0,
  };
}

/** What the kernel's counters say happened between two readings, in percent. */
export interface KernelWindow {
  coreBusy: number;
  /** "100 % = one core". */
  processCpu: number;
  threadRunning: number;
  threadReady: number;
}

/** The kernel's figures between two readings of its counters. */
export function kernelWindow(before: KernelCounters, after: KernelCounters): KernelWindow {
  const wallMs = after.atMs - before.atMs;
  const coreTotal = after.coreTotalTicks - before.coreTotalTicks;
  const coreIdle = after.coreIdleTicks - before.coreIdleTicks;
  return {
    coreBusy: coreTotal > 0 ? (100 * (coreTotal - coreIdle)) / coreTotal : 0,
    processCpu: (100 * ((after.processTicks - before.processTicks) * (1000 / USER_HZ))) / wallMs,
    threadRunning: (100 * (after.threadRunNs - before.threadRunNs)) / (wallMs * 1e6),
    threadReady: (100 * (after.threadWaitNs - before.threadWaitNs)) / (wallMs * 1e6),
  };
}

/** A counted amount between two readings of the kernel's counters. */
export type Amount = (before: KernelCounters, after: KernelCounters) => number;

/** Amounts the sampler's figures are made of. */
export const AMOUNTS = {
  wallMs: (b, a) => a.atMs - b.atMs,
  coreTicks: (b, a) => a.coreTotalTicks - b.coreTotalTicks,
  coreBusyTicks: (b, a) =>
    a.coreTotalTicks - a.coreIdleTicks - (b.coreTotalTicks - b.coreIdleTicks),
  processMs: (b, a) => (a.processTicks - b.processTicks) * (1000 / USER_HZ),
  threadRunMs: (b, a) => (a.threadRunNs - b.threadRunNs) / 1e6,
  threadWaitMs: (b, a) => (a.threadWaitNs - b.threadWaitNs) / 1e6,
} satisfies Record<string, Amount>;

/**
 * The range of percentages (100 × amount / base) the kernel allows for a figure the sampler
 * measured between two readings, when the test read the kernel's counters just before and
 * just after each of them: outer = [before 1st, after 2nd], inner = [after 1st, before 2nd].
 * On a busy machine the test itself may be preempted between its reading and the sampler's,
 * so the sampler's interval lies between the two windows; with monotonic counters, its
 * figure lies between inner amount / outer base and outer amount / inner base.
 */
export function kernelRange(
  outer: [KernelCounters, KernelCounters],
  inner: [KernelCounters, KernelCounters],
  amount: Amount,
  base: Amount,
): [number, number] {
  return [(100 * amount(...inner)) / base(...outer), (100 * amount(...outer)) / base(...inner)];
}

/** The tid of the thread of `pid` named `name`, or undefined. */
export function threadId(pid: number, name: string): number | undefined {
  try {
    const tid = readdirSync(`/proc/${pid}/task`).find(
      (candidate) => readFileSync(`/proc/${pid}/task/${candidate}/comm`, 'utf8').trim() === name,
    );
    return tid === undefined ? undefined : Number(tid);
  } catch {
    return undefined;
  }
}

/** A sampler reading and the kernel's counters read around it (see kernelRange). */
export interface BracketedReading<T> {
  reading: T;
  /** The range the kernel allows for counters[i]'s amount / base, in percent. */
  range(i: number, amount: Amount, base: Amount): [number, number];
  /** The kernel's own figures for counters[i] over the inner window. */
  inner(i: number): KernelWindow;
}

/**
 * Takes a baseline reading, waits `windowMs` and reads again, with the kernel's counters read
 * just before and after each reading. Measured again (up to 5 times) until `enough` holds for
 * the kernel's figures: a window in which the measured thing barely ran proves little.
 */
export async function readBracketed<T>(
  read: () => T,
  counters: () => KernelCounters[],
  enough: (inner: (i: number) => KernelWindow) => boolean,
  windowMs = 1000,
): Promise<BracketedReading<T>> {
  let result: BracketedReading<T> | undefined;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const outerBefore = counters();
    read();
    const innerBefore = counters();
    await sleep(windowMs);
    const innerAfter = counters();
    const reading = read();
    const outerAfter = counters();
    const at = (list: KernelCounters[], i: number): KernelCounters => {
      const value = list[i];
      if (value === undefined) throw new Error(`no kernel counters #${i}`);
      return value;
    };
    const inner = (i: number): KernelWindow => kernelWindow(at(innerBefore, i), at(innerAfter, i));
    result = {
      reading,
      inner,
      range: (i, amount, base) =>
        kernelRange(
          [at(outerBefore, i), at(outerAfter, i)],
          [at(innerBefore, i), at(innerAfter, i)],
          amount,
          base,
        ),
    };
    if (enough(inner)) return result;
  }
  return result as BracketedReading<T>;
}
