import { describe, expect, it } from 'vitest';
import { MISSING } from './support/machine';

/**
 * Some real-OS tests need tools (Python, taskset, setpriv, mkfifo) or Linux or two CPUs, and skip
 * with the reason where those are missing. In CI nothing may be missing: this fails instead,
 * naming what is (.ci/run installs the tools).
 */
describe('the CI machine', () => {
  it('has everything the real-OS tests need', ({ skip }) => {
    skip(
      process.env['CI'] !== 'true',
      'checked under CI=true only; elsewhere a missing tool skips just the tests that need it',
    );
    expect(Object.values(MISSING).filter((reason) => reason !== null)).toEqual([]);
  });
});
