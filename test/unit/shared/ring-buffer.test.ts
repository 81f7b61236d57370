import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/shared/ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
    expect(ring.last()).toBe(5);
  });

  it('drops stale items from the old end only', () => {
    const ring = new RingBuffer<number>(5);
    [1, 2, 3, 4].forEach((n) => ring.push(n));
    ring.dropWhile((n) => n < 3);
    expect(ring.toArray()).toEqual([3, 4]);
    ring.push(1); // not stale-checked: only the old end is dropped
    ring.dropWhile((n) => n < 2);
    expect(ring.toArray()).toEqual([3, 4, 1]);
  });

  it('refuses a non-positive capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
