import { describe, expect, it } from 'vitest';
import { coreBusyBetween, type CpuTimes } from '../../../../src/core/sampling/cpu-times';

const times = (busy: number, idle: number): CpuTimes => ({
  user: busy,
  nice: 0,
  sys: 0,
  idle,
  irq: 0,
});

describe('coreBusyBetween', () => {
  it('computes busy % per core from deltas and the machine total', () => {
    const result = coreBusyBetween(
      [times(100, 100), times(100, 100)],
      [times(190, 110), times(100, 200)],
    );
    expect(result?.cores).toEqual([90, 0]);
    expect(result?.total).toBeCloseTo(45);
  });

  it('reads 0, never NaN, when counters did not move or went backwards', () => {
    const result = coreBusyBetween([times(100, 100)], [times(50, 90)]);
    expect(result).toEqual({ cores: [0], total: 0 });
  });

  it('asks for a new baseline when the core count changes', () => {
    expect(coreBusyBetween([times(1, 1)], [times(1, 1), times(1, 1)])).toBeNull();
  });
});
