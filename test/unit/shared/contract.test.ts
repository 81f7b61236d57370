import { describe, expect, it } from 'vitest';
import {
  CALL_CHANNELS,
  isCallChannel,
  isStreamChannel,
  parseRequest,
  requestSchemas,
  STREAM_CHANNELS,
} from '../../../src/shared/contract';

describe('the contract', () => {
  it('names channels as namespaced kebab-case', () => {
    for (const name of [...CALL_CHANNELS, ...STREAM_CHANNELS]) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/);
    }
  });

  it('has a schema for every call channel', () => {
    for (const channel of CALL_CHANNELS) expect(requestSchemas[channel]).toBeDefined();
  });

  it('knows its own channel names and nothing else', () => {
    expect(isCallChannel('sampling:pause')).toBe(true);
    expect(isCallChannel('toString')).toBe(false);
    expect(isCallChannel('__proto__')).toBe(false);
    expect(isCallChannel(42)).toBe(false);
    expect(isStreamChannel('sample:cores')).toBe(true);
    expect(isStreamChannel('sampling:pause')).toBe(false);
  });

  it('accepts intervals from 100 ms to 10 s', () => {
    expect(parseRequest('sampling:set-interval', { intervalMs: 100 })).toEqual({
      ok: true,
      value: { intervalMs: 100 },
    });
    expect(parseRequest('sampling:set-interval', { intervalMs: 10_000 }).ok).toBe(true);
  });

  it('refuses out-of-range, fractional, missing and extra fields with a readable error', () => {
    expect(parseRequest('sampling:set-interval', { intervalMs: 50 })).toEqual({
      ok: false,
      error: 'sampling:set-interval: intervalMs: must be at least 100 ms (got 50)',
      issues: [{ path: ['intervalMs'], label: 'Interval', message: 'at least 100 ms' }],
    });
    expect(parseRequest('sampling:set-interval', { intervalMs: 10_001 })).toEqual({
      ok: false,
      error: 'sampling:set-interval: intervalMs: must be at most 10 s (got 10001 ms)',
      issues: [{ path: ['intervalMs'], label: 'Interval', message: 'at most 10 s' }],
    });
    expect(parseRequest('sampling:set-interval', { intervalMs: 150.5 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('whole number'),
    });
    expect(parseRequest('sampling:set-interval', {})).toMatchObject({
      ok: false,
      error: expect.stringContaining('intervalMs: must be a number'),
    });
    expect(parseRequest('sampling:set-interval', { intervalMs: '500' })).toMatchObject({
      ok: false,
    });
    expect(parseRequest('sampling:pause', { extra: true })).toMatchObject({
      ok: false,
      error: expect.stringContaining('extra'),
    });
  });

  it('treats an absent request as an empty one for calls without parameters', () => {
    expect(parseRequest('system:info', undefined)).toEqual({ ok: true, value: {} });
  });
});
