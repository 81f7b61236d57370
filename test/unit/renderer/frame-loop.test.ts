import { describe, expect, it } from 'vitest';
import { CHART_LINGER_MS, FrameLoop } from '../../../src/renderer/src/charts/frame-loop';
import { FakeFrameHost } from '../support/fake-frame-host';

describe('FrameLoop', () => {
  it('draws once for many invalidations between two frames', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    let draws = 0;
    const task = loop.add(() => (draws += 1));
    for (let i = 0; i < 50; i += 1) task.invalidate();
    expect(host.frames.size).toBe(1);
    host.frame();
    expect(draws).toBe(1);
    host.frame();
    host.frame();
    expect(draws).toBe(1); // nothing new: no draw, and no frame requested
    expect(host.frames.size).toBe(0);
    task.invalidate();
    host.frame();
    expect(draws).toBe(2);
  });

  it('draws every dirty view in the same single frame', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const drawn: string[] = [];
    const a = loop.add(() => drawn.push('a'));
    const b = loop.add(() => drawn.push('b'));
    loop.add(() => drawn.push('clean'));
    a.invalidate();
    b.invalidate();
    expect(host.frames.size).toBe(1);
    host.frame();
    expect(drawn).toEqual(['a', 'b']);
  });

  it('does no drawing for a hidden view, and draws once when it is shown again', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    let draws = 0;
    const task = loop.add(() => (draws += 1));
    task.setVisible(false);
    for (let i = 0; i < 20; i += 1) {
      task.invalidate();
      host.frame();
    }
    expect(draws).toBe(0);
    expect(host.frames.size).toBe(0);
    task.setVisible(true);
    host.frame();
    expect(draws).toBe(1);
  });

  it('does no drawing while the document is hidden, and catches up once when shown', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    let draws = 0;
    const task = loop.add(() => (draws += 1));
    task.invalidate();
    host.setHidden(true); // the already requested frame is cancelled
    for (let i = 0; i < 20; i += 1) {
      task.invalidate();
      host.frame();
    }
    expect(draws).toBe(0);
    host.setHidden(false);
    host.frame();
    expect(draws).toBe(1);
  });

  it('throttles a legend to its interval but still draws the last change', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    let draws = 0;
    const task = loop.add(() => (draws += 1), { minIntervalMs: 250 });
    // One invalidation per 16 ms frame for one second: 60 changes.
    for (let i = 0; i < 60; i += 1) {
      task.invalidate();
      host.frame();
    }
    expect(draws).toBeGreaterThanOrEqual(3);
    expect(draws).toBeLessThanOrEqual(5);
    const before = draws;
    for (let i = 0; i < 20; i += 1) host.frame(); // the trailing change is drawn, then quiet
    expect(draws).toBe(before + 1);
  });

  it('draws a legend throttled to the sampling interval in the chart frame, never in one of its own', () => {
    // CPU every 250 ms, seen on 16 ms frames: chart frames come 240 or 256 ms apart, so a legend
    // throttled to 250 ms is a few ms short of due in every other one.
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const frames = new Set<number>();
    let legendDraws = 0;
    const chart = loop.add(() => frames.add(host.time));
    const legend = loop.add(
      () => {
        frames.add(host.time);
        legendDraws += 1;
      },
      { minIntervalMs: 250 },
    );
    let nextTick = 0;
    let ticks = 0;
    while (host.time < 10_000) {
      if (host.time >= nextTick) {
        chart.invalidate();
        legend.invalidate();
        ticks += 1;
        nextTick += 250;
      }
      host.frame();
    }
    expect(ticks).toBeGreaterThan(30);
    expect(frames.size).toBeLessThanOrEqual(ticks);
    expect(legendDraws).toBeGreaterThanOrEqual(ticks - 1);
  });

  it('forgets a disposed view and stops watching the document when none is left', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    let draws = 0;
    const task = loop.add(() => (draws += 1));
    expect(host.visibilityListeners.size).toBe(1);
    task.invalidate();
    task.dispose();
    host.frame();
    expect(draws).toBe(0);
    expect(loop.size).toBe(0);
    expect(host.visibilityListeners.size).toBe(0);
  });

  it('draws a view that another draw dirtied in the same frame, not in a second one', () => {
    // A legend's React render dirties its chart (an effect): one frame must show both.
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const drawn: string[] = [];
    const chart = loop.add(() => drawn.push('chart'));
    const legend = loop.add(() => {
      drawn.push('legend');
      chart.invalidate();
    });
    legend.invalidate();
    host.frame();
    expect(drawn).toEqual(['legend', 'chart']);
    expect(host.frames.size).toBe(0); // no second frame asked for
  });

  it("runs each pass of a frame's draws inside the host's batch", () => {
    const host = new FakeFrameHost();
    const batches: string[][] = [];
    let current: string[] | null = null;
    host.batch = (draws: () => void): void => {
      current = [];
      draws();
      batches.push(current);
      current = null;
    };
    const loop = new FrameLoop(host);
    const chart = loop.add(() => current?.push('chart'));
    const legend = loop.add(() => {
      current?.push('legend');
      chart.invalidate();
    });
    legend.invalidate();
    host.frame();
    expect(batches.filter((batch) => batch.length > 0)).toEqual([['legend'], ['chart']]);
  });

  it('stops after a few passes when draws keep dirtying each other', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    let draws = 0;
    const task: { current: ReturnType<FrameLoop['add']> | null } = { current: null };
    task.current = loop.add(() => {
      draws += 1;
      task.current?.invalidate();
    });
    task.current.invalidate();
    host.frame();
    expect(draws).toBeGreaterThan(1);
    expect(draws).toBeLessThan(10);
    expect(host.frames.size).toBe(1); // the rest waits for the next frame
  });

  it('lets a lingering view ride in the next frame another view asks for', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const drawn: string[] = [];
    const table = loop.add(() => drawn.push('table'), { lingerMs: 400 });
    const chart = loop.add(() => drawn.push('chart'));
    table.invalidate();
    expect(host.frames.size).toBe(0); // no frame of its own yet
    for (let i = 0; i < 6; i += 1) host.frame(); // 96 ms: still waiting
    expect(drawn).toEqual([]);
    chart.invalidate();
    host.frame();
    expect(drawn).toEqual(['table', 'chart']); // one frame for both
  });

  it('draws a lingering view on its own once it has waited long enough', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    let draws = 0;
    const table = loop.add(() => (draws += 1), { lingerMs: 400 });
    table.invalidate();
    for (let i = 0; i < 24; i += 1) host.frame(); // 384 ms
    expect(draws).toBe(0);
    for (let i = 0; i < 3; i += 1) host.frame(); // past 400 ms
    expect(draws).toBe(1);
    for (let i = 0; i < 40; i += 1) host.frame();
    expect(draws).toBe(1);
  });

  /**
   * Two clocks as serve mode sends them: CPU ticks every `cpuMs` (each a few ms late), table ticks
   * every 1 s starting `tablePhaseMs` after a CPU tick. Returns the frames that drew anything and
   * how long each table tick waited to be drawn.
   */
  function twoClocks(cpuMs: number, tablePhaseMs: number, seconds = 10) {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const drawTimes = new Set<number>();
    const waits: number[] = [];
    let tableDirtyAt: number | null = null;
    const chart = loop.add(() => drawTimes.add(host.time));
    const table = loop.add(
      () => {
        drawTimes.add(host.time);
        if (tableDirtyAt !== null) waits.push(host.time - tableDirtyAt);
        tableDirtyAt = null;
      },
      { lingerMs: CHART_LINGER_MS, table: true },
    );
    let nextCpu = 0;
    let nextTable = cpuMs + tablePhaseMs;
    while (host.time < seconds * 1000) {
      if (host.time >= nextCpu) {
        chart.invalidate();
        nextCpu += cpuMs;
      }
      if (host.time >= nextTable) {
        table.invalidate();
        tableDirtyAt ??= host.time;
        nextTable += 1000;
      }
      host.frame();
    }
    return { frames: drawTimes.size, cpuTicks: Math.ceil(nextCpu / cpuMs), waits };
  }

  it('draws a table tick in the CPU chart frame when the chart ticks at its default 505 ms', () => {
    // Phases all round the CPU interval: a table tick just after a chart frame waits ~505 ms.
    for (const phase of [10, 100, 250, 400, 480]) {
      const { frames, cpuTicks, waits } = twoClocks(505, phase);
      expect(waits.length).toBeGreaterThan(5);
      expect(frames, `phase ${phase} ms`).toBeLessThanOrEqual(cpuTicks);
    }
  });

  it('draws a table tick at once when the chart ticks too seldom to wait for', () => {
    // CPU every 2 s and the table just after a chart frame: waiting would only delay it.
    const { waits } = twoClocks(2000, 20);
    expect(waits.length).toBeGreaterThan(3);
    expect(Math.max(...waits)).toBeLessThanOrEqual(32); // the next frame or the one after
  });

  it('draws figures with the table frames, so the chart frames between change only the chart', () => {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const chartDraws: number[] = [];
    const tableDraws: number[] = [];
    const figureDraws: number[] = [];
    const chart = loop.add(() => chartDraws.push(host.time));
    const table = loop.add(() => tableDraws.push(host.time), {
      lingerMs: CHART_LINGER_MS,
      table: true,
    });
    const figures = loop.add(() => figureDraws.push(host.time), {
      minIntervalMs: 1000,
      withTable: true,
    });
    let nextCpu = 0;
    let nextTable = 300;
    const run = (until: number): void => {
      while (host.time < until) {
        if (host.time >= nextCpu) {
          chart.invalidate();
          figures.invalidate(); // the legend's figures come with every CPU sample
          nextCpu += 505;
        }
        if (host.time >= nextTable) {
          table.invalidate();
          nextTable += 1000;
        }
        host.frame();
      }
    };
    run(10_000);
    expect(chartDraws.length).toBeGreaterThan(15);
    expect(tableDraws.length).toBeGreaterThan(7);
    // After the first draw, every figure draw is in a table frame, and every table frame has them.
    expect(figureDraws.slice(1).every((time) => tableDraws.includes(time))).toBe(true);
    expect(figureDraws.length).toBeGreaterThanOrEqual(tableDraws.length);

    // With the table out of sight the figures still change, once a second.
    table.setVisible(false);
    figureDraws.length = 0;
    run(20_000);
    expect(figureDraws.length).toBeGreaterThanOrEqual(8);
    expect(figureDraws.length).toBeLessThanOrEqual(11);
    const gaps = figureDraws.slice(1).map((time, i) => time - (figureDraws[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
  });

  /**
   * A running experiment as serve mode sends it: CPU ticks every 505 ms, lanes every 500 ms on
   * the run's clock (`lanesPhaseMs` after a CPU tick), progress every 100 ms; figures with the
   * CPU ticks. The lanes canvas and the lanes' and progress's React state are run views.
   */
  function runningExperiment(lanesPhaseMs: number, seconds = 10) {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const frames = new Set<number>();
    const draws = { chart: 0, lanes: 0, progress: 0, figures: 0 };
    const view = (name: keyof typeof draws) => () => {
      frames.add(host.time);
      draws[name] += 1;
    };
    const run = { lingerMs: CHART_LINGER_MS };
    const chart = loop.add(view('chart'));
    const lanes = loop.add(view('lanes'), run);
    const progress = loop.add(view('progress'), { ...run, minIntervalMs: 250 });
    const figures = loop.add(view('figures'), { minIntervalMs: 1000, withTable: true });
    let nextCpu = 0;
    let nextLanes = lanesPhaseMs;
    let nextProgress = 37;
    while (host.time < seconds * 1000) {
      if (host.time >= nextCpu) {
        chart.invalidate();
        figures.invalidate();
        nextCpu += 505;
      }
      if (host.time >= nextLanes) {
        lanes.invalidate();
        nextLanes += 500;
      }
      if (host.time >= nextProgress) {
        progress.invalidate();
        nextProgress += 100;
      }
      host.frame();
    }
    return { frames: frames.size, cpuTicks: Math.ceil(nextCpu / 505), draws };
  }

  it("draws a running experiment's lanes and progress in the CPU chart's frames", () => {
    for (const phase of [20, 120, 250, 380, 490]) {
      const { frames, cpuTicks, draws } = runningExperiment(phase);
      // One frame per CPU tick (and the first lanes before the chart's cadence is known).
      expect(frames, `lanes ${phase} ms after the chart`).toBeLessThanOrEqual(cpuTicks + 1);
      expect(draws.lanes).toBeGreaterThan(15);
      expect(draws.progress).toBeGreaterThan(15);
      // Run views are not the table: the figures still change once a second, not per frame.
      expect(draws.figures).toBeLessThanOrEqual(11);
    }
  });

  /** A loop whose CPU chart has ticked twice, `cadenceMs` apart, and a lingering view beside it. */
  function chartAndRunView(cadenceMs = 505) {
    const host = new FakeFrameHost();
    const loop = new FrameLoop(host);
    const chart = loop.add(() => undefined);
    const draws: number[] = [];
    const lanes = loop.add(() => draws.push(host.time), { lingerMs: CHART_LINGER_MS });
    const tick = (): void => {
      chart.invalidate();
      host.frame();
    };
    tick();
    while (host.time < cadenceMs) host.frame();
    tick(); // the chart's cadence is known: its next frame is ~cadenceMs off
    draws.length = 0;
    return { host, lanes, draws };
  }

  it("draws a run view's tick in the chart's next frame, but a user's change at once", () => {
    const { host, lanes, draws } = chartAndRunView();
    lanes.invalidate(); // a stream tick: waits for the chart
    for (let i = 0; i < 10; i += 1) host.frame();
    expect(draws).toEqual([]);

    const next = chartAndRunView();
    next.lanes.invalidateNow(); // a resize, a click: no waiting
    next.host.frame();
    expect(next.draws).toEqual([next.host.time]);
  });

  it('draws a lingering view at once when its tab is shown again', () => {
    const { host, lanes, draws } = chartAndRunView();
    lanes.setVisible(false);
    lanes.invalidate();
    for (let i = 0; i < 5; i += 1) host.frame();
    expect(draws).toEqual([]); // hidden: nothing drawn
    lanes.setVisible(true);
    host.frame();
    expect(draws).toEqual([host.time]);
  });

  it('draws a run view at once when the chart ticks too seldom to wait for', () => {
    const { host, lanes, draws } = chartAndRunView(2000);
    const dirtyAt = host.time;
    lanes.invalidate();
    host.frame();
    host.frame();
    expect(draws.length).toBe(1);
    expect((draws[0] ?? Infinity) - dirtyAt).toBeLessThanOrEqual(32);
  });
});
