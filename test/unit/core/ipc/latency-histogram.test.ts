import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../../src/core/ipc/wire/latency-histogram';

describe('latency histogram', () => {
  it('gives percentiles within a few per cent and merges deltas', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let us = 1; us <= 1000; us += 1) (us % 2 ? a : b).record(us);
    a.merge(b.toDelta());
    const summary = a.summary();
    expect(summary?.count).toBe(1000);
    expect(summary?.p50Us).toBeGreaterThan(500 * 0.95);
    expect(summary?.p50Us).toBeLessThan(500 * 1.05);
    expect(summary?.p99Us).toBeGreaterThan(990 * 0.95);
    expect(summary?.p99Us).toBeLessThanOrEqual(1000);
    expect(summary?.maxUs).toBe(1000);
    expect(summary?.meanUs).toBeCloseTo(500.5, 5);
    const binned = summary?.histogram.reduce((sum, bucket) => sum + bucket.count, 0);
    expect(binned).toBe(1000);
  });

  it('is empty until something is recorded', () => {
    expect(new LatencyHistogram().summary()).toBeNull();
  });
});
