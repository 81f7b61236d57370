import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundedInt, checkAgainst, parseOrThrow } from '../../../src/shared/validation';

const size = boundedInt('size', 64, 1024, (n) => `${n} B`);
const schema = z.object({ size, count: boundedInt('count', 1, 10) }).strict();

describe('shared validation', () => {
  it('boundedInt names the quantity, the bound and the value, in its unit', () => {
    const refusal = (value: unknown): string | undefined =>
      size.safeParse(value).error?.issues[0]?.message;
    expect(refusal(10)).toBe('size must be at least 64 B (got 10 B)');
    expect(refusal(2048)).toBe('size must be at most 1024 B (got 2048 B)');
    expect(refusal(100.5)).toBe('size must be a whole number');
    expect(refusal('100')).toBe('size must be a number');
    expect(size.parse(64)).toBe(64);
  });

  it('parseOrThrow returns the parsed value or throws one sentence led by its context', () => {
    expect(parseOrThrow(schema, { size: 128, count: 2 }, 'invalid run')).toEqual({
      size: 128,
      count: 2,
    });
    // A RequestError: the same sentence, plus the fields for views to mark.
    expect(() => parseOrThrow(schema, { size: 10, count: 0 }, 'invalid run')).toThrow(
      expect.objectContaining({
        message:
          'invalid run: size: size must be at least 64 B (got 10 B); count: count must be at least 1 (got 0)',
        issues: [
          { path: ['size'], label: 'Size', message: 'at least 64 B' },
          { path: ['count'], label: 'Messages', message: 'at least 1' },
        ],
      }),
    );
    expect(() => parseOrThrow(schema, { size: 10, count: 2 }, '')).toThrow(
      expect.objectContaining({ message: 'size: size must be at least 64 B (got 10 B)' }),
    );
  });

  it('caps the error at five issues of at most 200 characters each', () => {
    const many = z.object(Object.fromEntries([...'abcdefg'].map((k) => [k, z.string()])));
    const checked = checkAgainst(many, {}, 'ctx');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.split('; ')).toHaveLength(6);
    expect(checked.error.endsWith('; and 2 more')).toBe(true);
    const long = z.object({
      s: z.string().max(1, { error: (i) => `too long: ${String(i.input)}` }),
    });
    const clipped = checkAgainst(long, { s: 'x'.repeat(1000) }, 'ctx');
    expect(clipped.ok ? '' : clipped.error).toHaveLength('ctx: '.length + 200);
  });
});
