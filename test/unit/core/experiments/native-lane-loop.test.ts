import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HelperFrames,
  NativeLaneLoop,
} from '../../../../src/core/experiments/lab/native-lane-loop';
import { monotonicMs } from '../../../../src/core/experiments/lab/lane-sampling-loop';
import { LANE_SLICE_MS } from '../../../../src/shared/run-lanes';
import { RunLanesSampler } from '../../../../src/core/experiments/lab/run-lanes-sampler';
import { appRoot } from '../../../../src/core/paths';
import { compileLaneSampler } from '../../../../src/native/compile';
import { MISSING, requireMachine } from '../../support/machine';
import {
  coresWhileRunnable,
  kernelSwitches,
  slicesBetween,
  startSpinner,
} from '../../support/run-helpers';

/**
 * The native run-lane sampler (src/native/lane-sampler.c), compiled from the current source: its
 * frames, its lanes against the kernel's own counters, and its life (it never outlives its
 * owner, even one killed by SIGKILL).
 */

let dir = '';
let binary = '';
const children: ChildProcess[] = [];

beforeAll(() => {
  if (MISSING.cc !== null || MISSING.linux !== null) return;
  dir = mkdtempSync(join(tmpdir(), 'lab-native-test-'));
  binary = join(dir, 'lane-sampler');
  const problem = compileLaneSampler(appRoot(), binary);
  if (problem !== null) throw new Error(problem);
}, 60_000);
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A run-lane sampler on `pid` alone, started, its native helper sampling. */
async function samplingNatively(runId: string, pid: number): Promise<RunLanesSampler> {
  const sampler = new RunLanesSampler({ runId, python: false, nativeBinary: binary });
  sampler.setPids([pid]);
  sampler.start();
  expect(await sampler.ready).toBe(true);
  expect(sampler.source).toBe('native');
  return sampler;
}

/** Whether `pid` is alive (a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'latin1'));
  } catch {
    return false;
  }
}

/** One frame as the helper writes it. */
function frame(kind: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(kind, 4);
  return Buffer.concat([head, payload]);
}

const doubles = (...values: number[]): Buffer => {
  const out = Buffer.alloc(values.length * 8);
  values.forEach((value, i) => out.writeDoubleLE(value, i * 8));
  return out;
};

/** A SLICES payload as the helper writes it: two slices of one lane. */
function slicesPayload(): Buffer {
  const numbers = doubles(
    ...[4, 6, 1, 3, 290.5], // from, to, lanes, ticks, last tick
    ...[50, 20], // running time per slice, ms
    ...[6, 7, 12, 2, 290.5, 1e9, 2e6, 0, 15], // the lane and its counters
  );
  const chars = Buffer.from('RB10', 'latin1');
  return Buffer.concat([numbers, chars, Buffer.alloc(4)]); // padded to a multiple of 8
}

describe('the native helper', () => {
  it('frames: split anywhere, names before their slices, garbage ends the parse without a throw', () => {
    const name = frame(1, Buffer.concat([doubles(7), Buffer.from('cpu-w1')]));
    const slices = frame(4, slicesPayload());
    const closed = frame(3, doubles(0));
    const stream = Buffer.concat([name, slices, closed]);
    const frames = new HelperFrames();
    // Byte by byte: every frame boundary falls inside a chunk at some point.
    const events = [...stream].flatMap((byte) => frames.push(Buffer.from([byte])));
    expect(events).toEqual([
      {
        type: 'slices',
        batch: {
          fromSlice: 4,
          toSlice: 6,
          ticks: 3,
          lastT: 290.5,
          runMs: new Float64Array([50, 20]),
          lanes: [
            {
              pid: 6,
              tid: 7,
              contextSwitches: 12,
              timeslices: 15,
              ended: false,
              last: { t: 290.5, runNs: 1e9, waitNs: 2e6, inferredWaitNs: 0 },
              states: 'RB',
              cores: '10',
            },
          ],
          names: [[7, 'cpu-w1']],
        },
      },
      { type: 'closed', openFiles: 0 },
    ]);
    const payload = slicesPayload();
    for (const garbage of [
      frame(9, doubles(1)), // an unknown kind
      frame(4, Buffer.alloc(12)), // not whole numbers of doubles
      frame(4, payload.subarray(0, payload.length - 8)), // characters missing
      frame(4, Buffer.concat([doubles(0, 1, 2 ** 40, 0, 0), Buffer.alloc(8)])), // lanes without end
      frame(4, Buffer.concat([doubles(5, 4, 0, 0, 0)])), // slices ending before they begin
      Buffer.from([255, 255, 255, 255, 4, 0, 0, 0]), // a frame of 4 GiB
    ]) {
      const parser = new HelperFrames();
      expect(parser.push(Buffer.concat([slices, garbage, slices]))).toHaveLength(1);
      expect(parser.broken).toBe(true);
      expect(parser.push(slices)).toEqual([]);
    }
  });

  it("gives the lanes the kernel's counters show, then stops with every file closed", async (context) => {
    requireMachine(context.skip, 'linux', 'cc');
    const pid = await startSpinner(children);
    // And one that sleeps and wakes every 2 ms: hundreds of context switches a second.
    const waker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 2);'], { stdio: 'ignore' });
    children.push(waker);
    const wakerPid = waker.pid ?? 0;
    const switches = (): number => kernelSwitches(wakerPid);
    const sampler = new RunLanesSampler({
      runId: 'native-test',
      python: false,
      nativeBinary: binary,
    });
    // The spinner first, as the lab starts with the host: the helper's first tick must not end it.
    sampler.setPids([pid]);
    const runNs = (): number =>
      Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1').split(' ')[0]);
    const before = runNs();
    const switchesBefore = switches();
    sampler.start();
    expect(await sampler.ready).toBe(true);
    expect(sampler.source).toBe('native');
    sampler.setPids([pid, wakerPid]);
    const helper = sampler.helperPid ?? 0;
    expect(readFileSync(`/proc/${helper}/cmdline`, 'latin1')).toContain(binary);
    await sleep(1500);
    const lanes = await sampler.finish();
    const ranMs = (runNs() - before) / 1e6;
    const switchedMeanwhile = switches() - switchesBefore;
    expect(sampler.ticks).toBeGreaterThan(10);
    const spinning = lanes.lanes.find((lane) => lane.tid === pid);
    expect(spinning?.name).toBe(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
    // A running slice is at least a third running (the largest of running, ready and blocked),
    // any other at most half: the kernel's run time bounds the running slices both ways.
    const states = spinning?.states ?? '';
    const running = [...states].filter((state) => state === 'R').length;
    const aliveSlices = [...states].filter((state) => state !== '-').length;
    expect(running).toBeGreaterThan(0);
    expect(running * (lanes.sliceMs / 3)).toBeLessThanOrEqual(ranMs + 4 * lanes.sliceMs);
    expect(ranMs).toBeLessThanOrEqual(
      running * lanes.sliceMs + (aliveSlices - running) * (lanes.sliceMs / 2) + 4 * lanes.sliceMs,
    );
    expect(spinning?.cores).toMatch(/[0-9a-z]/);
    // Alive to the end: only the slice past the last look may read absent.
    expect(spinning?.states).toMatch(/[RW]-?$/);
    // The waker's lane began when the helper was told of it: at most the kernel's count since
    // before the start, and most of it (it was added within a few ticks).
    const woke = lanes.lanes.find((lane) => lane.tid === wakerPid)?.contextSwitches ?? 0;
    expect(switchedMeanwhile).toBeGreaterThan(200);
    expect(woke).toBeLessThanOrEqual(switchedMeanwhile + 1);
    expect(woke).toBeGreaterThan(switchedMeanwhile / 2);
    // Every other thread of the child is a lane too, by the name the kernel gives it.
    const tids = spawnSync('ls', [`/proc/${pid}/task`], { encoding: 'utf8' }).stdout.split(/\s+/);
    for (const tid of tids.filter(Boolean)) {
      const lane = lanes.lanes.find((candidate) => candidate.tid === Number(tid));
      expect(lane?.name, tid).toBe(readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim());
    }
    await sampler.closed;
    expect(alive(helper)).toBe(false);
    expect(sampler.openFiles).toBe(0);
  }, 30_000);

  it("loses no slice when the helper dies mid-run: the main thread goes on from the helper's counters", async (context) => {
    requireMachine(context.skip, 'linux', 'cc');
    const pid = await startSpinner(children);
    const sampler = await samplingNatively('native-dies', pid);
    // Past its second batch (every 500 ms), so slices have come from it; then it dies.
    await sleep(1200);
    process.kill(sampler.helperPid ?? 0, 'SIGKILL');
    const until = Date.now() + 5000;
    while (sampler.source !== 'main' && Date.now() < until) {
      await sleep(20);
    }
    expect(sampler.source).toBe('main');
    await sleep(600);
    const lanes = await sampler.finish();
    // The spinner never stopped: every slice between its first and the one past the last look
    // shows it on a CPU or waiting for one; a handover that began afresh would leave the slices
    // the helper had not sent yet absent.
    const states = lanes.lanes.find((lane) => lane.tid === pid)?.states ?? '';
    expect(states.length).toBeGreaterThan(30);
    expect(states.slice(1, -1)).toMatch(/^[RW]+$/);
    await sampler.closed;
    expect(sampler.openFiles).toBe(0);
  }, 30_000);

  it('ends with its owner, even one killed by SIGKILL, and will not run for another', async (context) => {
    requireMachine(context.skip, 'linux', 'cc');
    const pid = await startSpinner(children);
    // An owner that starts the helper and prints its pid, then waits to be killed.
    const script = join(dir, 'owner.ts');
    writeFileSync(
      script,
      `import { NativeLaneLoop } from ${JSON.stringify(join(appRoot(), 'src/core/experiments/lab/native-lane-loop.ts'))};
       const settings = { binary: ${JSON.stringify(binary)}, t0: 0, intervalMs: 45, postMs: 250, pids: [${pid}] };
       console.log(NativeLaneLoop.start(settings, () => undefined)?.pid ?? 'none');
       setInterval(() => undefined, 1000);`,
    );
    const owner = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: appRoot(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(owner);
    const helper = Number(
      await new Promise<string>((resolve, reject) => {
        owner.stdout?.once('data', (data) => resolve(String(data)));
        owner.once('exit', (code) => reject(new Error(`the owner exited (${code}) first`)));
      }),
    );
    expect(helper).toBeGreaterThan(0);
    expect(alive(helper)).toBe(true);
    owner.kill('SIGKILL');
    const until = Date.now() + 5000;
    while (alive(helper) && Date.now() < until) await sleep(50);
    expect(alive(helper)).toBe(false);
    // Told another owner than its parent (its parent already gone, say): it exits at once.
    const wrong = spawnSync(binary, ['0', '45', '250', '1', '50'], { input: '', timeout: 5000 });
    expect(wrong.status).toBe(0);
    expect(wrong.stdout.length).toBe(0);
    // Used wrongly: a plain error, no output.
    const usage = spawnSync(binary, [], { encoding: 'utf8', timeout: 5000 });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: lane-sampler/);
  }, 30_000);

  it('without a C compiler the build says why, and a missing helper leaves the lanes to the thread', async (context) => {
    requireMachine(context.skip, 'linux');
    const path = process.env['PATH'];
    process.env['PATH'] = join(dir || tmpdir(), 'no-such-bin');
    try {
      expect(compileLaneSampler(appRoot(), join(tmpdir(), 'never-built'))).toMatch(
        /no C compiler \(cc\) was found/,
      );
    } finally {
      process.env['PATH'] = path;
    }
    expect(existsSync(join(tmpdir(), 'never-built'))).toBe(false);
    const pid = await startSpinner(children);
    const sampler = new RunLanesSampler({
      runId: 'native-missing',
      python: false,
      nativeBinary: join(tmpdir(), 'no-such-dir', 'lane-sampler'),
    });
    sampler.setPids([pid]);
    sampler.start();
    expect(await sampler.ready).toBe(true);
    expect(sampler.source).toBe('thread');
    const lanes = await sampler.finish();
    expect(lanes.lanes.find((lane) => lane.tid === pid)?.states).toMatch(/[RW]/);
    await sampler.closed;
    expect(sampler.openFiles).toBe(0);
  }, 30_000);

  it('shows a settled thread pinned to another core (from outside the lab) as soon as before', async (context) => {
    requireMachine(context.skip, 'linux', 'cc', 'taskset', 'twoCpus');
    const pid = await startSpinner(children);
    const pin = (core: number): void => {
      const taskset = spawnSync('taskset', ['-p', '-c', String(core), String(pid)]);
      expect(taskset.status, taskset.stderr.toString()).toBe(0);
    };
    // Held on CPU 0 first, so the helper finds it on one core read after read: settled, its
    // stat is read every ~525 ms, and only the affinity check can see the move in time.
    pin(0);
    const sampler = await samplingNatively('native-pin', pid);
    await sleep(1500);
    const pinAt = Date.now();
    pin(1);
    await sleep(1500);
    const endAt = Date.now();
    const lanes = await sampler.finish();
    const lane = lanes.lanes.find((candidate) => candidate.tid === pid);
    expect(lane).toBeDefined();
    if (lane === undefined) return;
    const before = coresWhileRunnable(slicesBetween(lanes, lane, pinAt - 1000, pinAt));
    expect(before.length).toBeGreaterThan(5);
    expect(new Set(before)).toEqual(new Set(['0']));
    // The same margin the pinning lesson allows (lesson-tie-in.test.ts): a ~175 ms check.
    const after = coresWhileRunnable(slicesBetween(lanes, lane, pinAt + 200, endAt - 100));
    expect(after.length).toBeGreaterThan(5);
    expect(new Set(after)).toEqual(new Set(['1']));
    await sampler.closed;
  }, 30_000);

  it('takes a last look on "stop" and sends its final slices, the partial one too, before it exits', async (context) => {
    requireMachine(context.skip, 'linux', 'cc');
    const pid = await startSpinner(children);
    const events: string[] = [];
    const named: number[] = [];
    let lastT = -1;
    let toSlice = -1;
    const t0 = monotonicMs();
    const loop = NativeLaneLoop.start(
      { binary, t0, intervalMs: 45, postMs: 10_000, pids: [pid] },
      (event) => {
        events.push(event.type);
        if (event.type !== 'slices') return;
        named.push(...event.batch.names.map(([tid]) => tid));
        lastT = event.batch.lastT ?? lastT;
        toSlice = event.batch.toSlice;
      },
    );
    expect(loop).not.toBeNull();
    await sleep(600);
    // With batches every 10 s, only the first tick's has come so far.
    expect(events).toEqual(['slices']);
    const stopAsked = monotonicMs() - t0;
    expect(await loop?.finish(2000)).toBe(true);
    expect(events).toEqual(['slices', 'slices', 'closed']);
    // Each thread's name went once (none renamed itself), not with every stat read.
    expect(named.length).toBeGreaterThan(1);
    expect(new Set(named).size).toBe(named.length);
    // The last look came after "stop" was sent, and its slice went out unfinished.
    expect(lastT).toBeGreaterThanOrEqual(stopAsked);
    expect(toSlice).toBe(Math.ceil(lastT / LANE_SLICE_MS));
    expect(existsSync(`/proc/${loop?.pid}`)).toBe(false);
  }, 30_000);
});
