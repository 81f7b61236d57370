import { describe, expect, it } from 'vitest';
import {
  LaneBuilder,
  laneKindOf,
  type ThreadCounters,
} from '../../../../src/core/experiments/lab/lane-builder';
import { runLanesSchema, runLanesUpdateSchema } from '../../../../src/shared/run-lanes';

/** A synthetic thread whose schedstat counters the test moves by hand. */
class FakeThread {
  runNs = 0;
  waitNs = 0;
  state = 'S';
  constructor(
    readonly pid: number,
    readonly tid: number,
    public name: string,
    public core: number | null = 0,
  ) {}

  /** Ran `ms` and waited on a run queue `waitMs` over the last tick. */
  did(ms: number, waitMs = 0, state = 'R'): this {
    this.runNs += ms * 1e6;
    this.waitNs += waitMs * 1e6;
    this.state = state;
    return this;
  }

  counters(): ThreadCounters {
    return {
      pid: this.pid,
      tid: this.tid,
      name: this.name,
      sched: { runNs: this.runNs, waitNs: this.waitNs, timeslices: 0 },
      state: this.state,
      core: this.core,
    };
  }
}

const builder = (python = false): LaneBuilder =>
  new LaneBuilder({ runId: 'run-1', startedAt: 1000, python });

/** Ticks every 25 ms from `from` to `to`, letting `step` move the threads before each tick. */
function drive(
  lanes: LaneBuilder,
  from: number,
  to: number,
  alive: () => FakeThread[],
  step: (t: number) => void,
): void {
  for (let t = from; t <= to; t += 25) {
    step(t);
    lanes.tick(
      t,
      alive().map((thread) => thread.counters()),
    );
  }
}

describe('LaneBuilder', () => {
  it('marks running, ready and blocked slices, and the core each ran on', () => {
    const lanes = builder();
    const a = new FakeThread(10, 10, 'exp-host', 11);
    drive(
      lanes,
      0,
      500,
      () => [a],
      (t) => {
        if (t === 0) return;
        if (t <= 200)
          a.did(25); // running
        else if (t <= 350)
          a.state = 'R'; // runnable, not moving: waiting for a CPU
        else a.state = 'S'; // blocked
      },
    );
    const kept = lanes.finish(500, null, 40);
    const lane = kept.lanes[0];
    expect(lane?.states).toBe('RRRRWWWBBB');
    expect(lane?.cores).toBe('bbbbbbbbbb');
    expect(lane?.kind).toBe('host');
    expect(runLanesSchema.safeParse(kept).success).toBe(true);
  });

  it('does not count a wait twice once the kernel adds it on the next run', () => {
    const lanes = builder();
    const a = new FakeThread(10, 10, 'cpu-w1');
    drive(
      lanes,
      0,
      300,
      () => [a],
      (t) => {
        if (t <= 100)
          a.state = 'R'; // waited 100 ms, not yet in the counter
        else if (t === 125)
          a.did(25, 100); // ran, and the kernel now adds the 100 ms wait
        else a.did(25);
      },
    );
    const lane = lanes.finish(300, null, 40).lanes[0];
    expect(lane?.states).toBe('WWRRRR');
  });

  it('computes overlap from the running time summed over lanes per slice', () => {
    // Two threads each running all the time: every slice holds two slices' worth of running.
    const both = builder();
    const a = new FakeThread(1, 1, 'cpu-w1', 0);
    const b = new FakeThread(1, 2, 'cpu-w2', 1);
    drive(
      both,
      0,
      1000,
      () => [a, b],
      (t) => {
        if (t > 0) [a, b].forEach((thread) => thread.did(25));
      },
    );
    expect(both.finish(1000, null, 40).overlapShare).toBeCloseTo(1, 5);

    // Two threads taking turns (as under the GIL): each half the time, never at once.
    const turns = builder(true);
    const c = new FakeThread(2, 2, 'cpu-t1');
    const d = new FakeThread(2, 3, 'cpu-t2');
    drive(
      turns,
      0,
      1000,
      () => [c, d],
      (t) => {
        if (t > 0) [c, d].forEach((thread) => thread.did(12.5, 12.5));
      },
    );
    const kept = turns.finish(1000, false, 40);
    expect(kept.overlapShare).toBeCloseTo(0, 5);
    expect(kept.gilDisabled).toBe(false);
    expect(kept.lanes.map((lane) => lane.kind)).toEqual(['python-thread', 'python-thread']);

    // One at full speed and one at 60 %: 0.6 of each slice overlapped.
    const part = builder();
    const e = new FakeThread(3, 3, 'cpu-w1');
    const f = new FakeThread(3, 4, 'cpu-w2');
    drive(
      part,
      0,
      1000,
      () => [e, f],
      (t) => {
        if (t > 0) {
          e.did(25);
          f.did(15, 0, 'S');
        }
      },
    );
    expect(part.finish(1000, null, 40).overlapShare).toBeCloseTo(0.6, 5);
  });

  it('measures overlap over the measured interval only, leaving out start-up', () => {
    // 400 ms of start-up with one thread running, then 600 ms with both running.
    const lanes = builder();
    const a = new FakeThread(1, 1, 'cpu-w1', 0);
    const b = new FakeThread(1, 2, 'cpu-w2', 1);
    drive(
      lanes,
      0,
      1000,
      () => [a, b],
      (t) => {
        if (t <= 0) return;
        a.did(25);
        b.did(t > 400 ? 25 : 0, 0, t > 400 ? 'R' : 'S');
      },
    );
    expect(lanes.overlapShareBetween(400, 1000)).toBeCloseTo(1, 5);
    expect(lanes.finish(1000, null, 40).overlapShare).toBeCloseTo(0.6, 5);
    expect(lanes.overlapShareBetween(5000, 6000)).toBeNull();
  });

  it('marks spawn and exit with absent slices', () => {
    const lanes = builder();
    const host = new FakeThread(5, 5, 'exp-host');
    const worker = new FakeThread(5, 6, 'cpu-w1');
    const alive = (t: number): FakeThread[] => (t >= 150 && t <= 300 ? [host, worker] : [host]);
    let now = 0;
    drive(
      lanes,
      0,
      500,
      () => alive(now),
      (t) => {
        now = t;
        if (t > 150 && t <= 300) worker.did(25);
      },
    );
    const kept = lanes.finish(500, null, 40);
    const lane = kept.lanes.find((l) => l.name === 'cpu-w1');
    expect(lane?.states).toMatch(/^---R+-+$/);
    expect(lane?.states.length).toBe(10);
    expect(lane?.states.indexOf('R')).toBe(3);
    expect(lane?.states.lastIndexOf('R')).toBe(5);
  });

  it('starts a thread born between ticks from zero, and one seen late from its first read', () => {
    const lanes = builder();
    const host = new FakeThread(5, 5, 'exp-host');
    const born = new FakeThread(5, 6, 'cpu-w1');
    const old = new FakeThread(7, 7, 'cpu-p1');
    let now = 0;
    drive(
      lanes,
      0,
      200,
      () => (now >= 100 ? [host, born, old] : [host]),
      (t) => {
        now = t;
        if (t === 100) {
          born.did(25, 0, 'S'); // all its life fits the last interval: it ran it
          old.did(60_000, 0, 'S'); // a minute of CPU before it was seen: not this run's
        }
      },
    );
    const kept = lanes.finish(200, null, 40);
    expect(kept.lanes.find((l) => l.name === 'cpu-w1')?.states).toBe('-RBB');
    expect(kept.lanes.find((l) => l.name === 'cpu-p1')?.states).toBe('--BB');
    expect(kept.lanes.find((l) => l.name === 'cpu-p1')?.kind).toBe('worker-process');
  });

  it('sends only new slices in each update, every lane listed, and keeps task points', () => {
    const lanes = builder();
    const a = new FakeThread(1, 1, 'cpu-w1', 40);
    drive(
      lanes,
      0,
      200,
      () => [a],
      (t) => {
        if (t > 0) a.did(25);
      },
    );
    lanes.progress(120, [{ name: 'cpu-w1', done: 3 }]);
    const first = lanes.takeUpdate();
    expect(first.fromSlice).toBe(0);
    expect(first.lanes[0]?.states).toBe('RRRR');
    expect(first.lanes[0]?.cores).toBe('++++');
    expect(first.coresBusyNow).toBeCloseTo(1, 5);
    expect(runLanesUpdateSchema.safeParse(first).success).toBe(true);
    drive(
      lanes,
      225,
      300,
      () => [a],
      () => a.did(25, 0, 'S'),
    );
    lanes.progress(290, [{ name: 'cpu-w1', done: 5 }]);
    const second = lanes.takeUpdate();
    expect(second.fromSlice).toBe(4);
    expect(second.lanes[0]?.states).toBe('RR');
    expect(second.tasks).toEqual([{ name: 'cpu-w1', done: 5 }]);
    expect(lanes.finish(300, null, 40).tasks).toEqual([
      {
        name: 'cpu-w1',
        points: [
          [2, 3],
          [5, 5],
        ],
      },
    ]);
  });

  it('stops adding slices beyond the bound and says so', () => {
    const lanes = new LaneBuilder({ runId: 'r', startedAt: 0, python: false, maxSlices: 4 });
    const a = new FakeThread(1, 1, 'cpu-w1');
    drive(
      lanes,
      0,
      500,
      () => [a],
      (t) => {
        if (t > 0) a.did(25);
      },
    );
    expect(lanes.finish(500, null, 40).lanes[0]?.states).toBe('RRRR');
    expect(lanes.truncated).toBe(true);
  });

  it("keeps a Python thread's heartbeat turns with its lane, not in the updates", () => {
    const lanes = builder(true);
    const t1 = new FakeThread(2, 3, 'cpu-t1');
    const main = new FakeThread(2, 2, 'py-main');
    drive(
      lanes,
      0,
      100,
      () => [main, t1],
      (t) => {
        if (t > 0) t1.did(25);
      },
    );
    lanes.turns('cpu-t1', [
      [-1, 4.004],
      [9.5, 12],
    ]);
    lanes.turns('py-main', [[0, 1]]); // not a Python worker thread: ignored
    expect(lanes.takeUpdate().lanes.every((lane) => lane.turns === undefined)).toBe(true);
    const kept = lanes.finish(100, false, 40);
    expect(kept.lanes.find((l) => l.name === 'cpu-t1')?.turns).toEqual([
      [0, 4],
      [9.5, 12],
    ]);
    expect(kept.lanes.find((l) => l.name === 'py-main')?.turns).toBeUndefined();
    expect(runLanesSchema.safeParse(kept).success).toBe(true);
  });

  it('names lane kinds as the host and the script name threads', () => {
    expect(laneKindOf('exp-host', true, false)).toBe('host');
    expect(laneKindOf('py-main', true, true)).toBe('python-main');
    expect(laneKindOf('cpu-seq', true, true)).toBe('python-main');
    expect(laneKindOf('libuv-3', false, false)).toBe('libuv');
    expect(laneKindOf('io-w12', false, false)).toBe('worker-thread');
    expect(laneKindOf('cpu-p2', true, false)).toBe('worker-process');
    expect(laneKindOf('cpu-p2', true, true)).toBe('python-process');
    expect(laneKindOf('cpu-t1', false, true)).toBe('python-thread');
    expect(laneKindOf('V8 DefaultWorke', false, false)).toBe('other');
    // Threads that inherited their process's name are not the process.
    expect(laneKindOf('py-main', false, true)).toBe('other');
    expect(laneKindOf('cpu-p1', false, true)).toBe('other');
    expect(laneKindOf('exp-host', false, false)).toBe('other');
  });
});
