import { describe, expect, it } from 'vitest';
import type { ExperimentEvent, ExperimentProgress } from '../../../src/shared/experiment-results';
import { FrameLoop } from '../../../src/renderer/src/charts/frame-loop';
import { RunProgressStore } from '../../../src/renderer/src/stores/run-progress-store';
import { FakeFrameHost } from '../support/fake-frame-host';

const progressOf = (runId: string, done: number): ExperimentProgress => ({
  runId,
  phase: 'running',
  model: 'node-worker-pool',
  workload: 'cpu',
  done,
  total: 96,
  elapsedMs: done * 10,
  workers: [],
  queued: 0,
});

const eventOf = (runId: string, time: number): ExperimentEvent => ({
  runId,
  kind: 'note',
  time,
});

describe('RunProgressStore', () => {
  it('keeps the newest progress, and one snapshot object until something changes', () => {
    const store = new RunProgressStore();
    expect(store.snapshot).toEqual({ progress: null, events: [] });
    store.setProgress(progressOf('run-1', 3));
    const first = store.snapshot;
    expect(store.snapshot).toBe(first);
    store.setProgress(progressOf('run-1', 7));
    expect(store.snapshot).not.toBe(first);
    expect(store.snapshot.progress?.done).toBe(7);
  });

  it("keeps the run's newest 40 events, and starts afresh with another run's", () => {
    const store = new RunProgressStore();
    for (let time = 0; time < 50; time += 1) store.addEvent(eventOf('run-1', time));
    expect(store.snapshot.events).toHaveLength(40);
    expect(store.snapshot.events[0]?.time).toBe(10);
    store.addEvent(eventOf('run-2', 99));
    expect(store.snapshot.events).toEqual([eventOf('run-2', 99)]);
  });

  it('fed many messages between two frames, the progress view renders once, with the newest', () => {
    const host = new FakeFrameHost();
    const store = new RunProgressStore();
    const loop = new FrameLoop(host);
    const rendered: (number | undefined)[] = [];
    const task = loop.add(() => rendered.push(store.snapshot.progress?.done));
    const stop = store.subscribe(task.invalidate);
    for (let done = 1; done <= 12; done += 1) store.setProgress(progressOf('run-1', done));
    store.addEvent(eventOf('run-1', 1));
    host.frame();
    expect(rendered).toEqual([12]);
    stop();
    store.setProgress(progressOf('run-1', 13));
    expect(host.frames.size).toBe(0);
  });
});
