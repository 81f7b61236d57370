import { describe, expect, it } from 'vitest';
import { formatRelativeSeconds } from '../../../src/renderer/src/lib/relative-time';

describe('formatRelativeSeconds', () => {
  it('prints whole seconds like the axis ticks', () => {
    expect(formatRelativeSeconds(-12)).toBe('-12 s');
    expect(formatRelativeSeconds(-1.04)).toBe('-1 s');
  });
  it('keeps one decimal between whole seconds', () => {
    expect(formatRelativeSeconds(-2.5)).toBe('-2.5 s');
    expect(formatRelativeSeconds(-0.26)).toBe('-0.3 s');
  });
  it('never prints a negative zero', () => {
    expect(formatRelativeSeconds(-0.04)).toBe('0 s');
    expect(formatRelativeSeconds(-0)).toBe('0 s');
    expect(formatRelativeSeconds(0)).toBe('0 s');
  });
});
