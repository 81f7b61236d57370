import { describe, expect, it } from 'vitest';
import { FrameLoop } from '../../../src/renderer/src/charts/frame-loop';
import { SeriesStore } from '../../../src/renderer/src/stores/series-store';
import { FakeFrameHost } from '../support/fake-frame-host';

describe('SeriesStore', () => {
  it('holds at most its capacity however many samples arrive', () => {
    const store = new SeriesStore<number>(600);
    for (let i = 0; i < 10_000; i += 1) store.push(i);
    expect(store.size).toBe(600);
    expect(store.items()).toHaveLength(600);
    expect(store.items()[0]).toBe(9_400);
    expect(store.last()).toBe(9_999);
    expect(store.received).toBe(10_000);
  });

  it('drops samples older than its time window', () => {
    const store = new SeriesStore<{ time: number }>(1000, {
      timeOf: (sample) => sample.time,
      windowMs: 60_000,
    });
    for (let time = 0; time <= 120_000; time += 100) store.push({ time });
    expect(store.items()[0]?.time).toBe(60_000);
    expect(store.size).toBe(601);
  });

  it('tells subscribers of each change and shares one array per version', () => {
    const store = new SeriesStore<number>(4);
    let calls = 0;
    const stop = store.subscribe(() => (calls += 1));
    store.push(1);
    const first = store.items();
    expect(store.items()).toBe(first);
    store.push(2);
    expect(store.items()).not.toBe(first);
    store.clear();
    expect(store.size).toBe(0);
    stop();
    store.push(3);
    expect(calls).toBe(3);
  });

  it('fed faster than frames, a subscribed view draws once per frame', () => {
    const host = new FakeFrameHost();
    const store = new SeriesStore<number>(600);
    const loop = new FrameLoop(host);
    const seen: number[] = [];
    const task = loop.add(() => seen.push(store.items().length));
    store.subscribe(task.invalidate);
    for (let i = 0; i < 25; i += 1) store.push(i);
    host.frame();
    expect(seen).toEqual([25]);
  });
});
