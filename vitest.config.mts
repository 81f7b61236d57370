import { defineConfig } from 'vitest/config';

// Unit tests: core, server, main helpers and shared code run under plain Node.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each run gets its own $TMPDIR, which must be empty at the end, with no process left.
    globalSetup: ['test/unit/support/nothing-left.ts'],
    // Two cores: real-OS tests (busy loops, pinned threads) must not fight each other for CPU.
    fileParallelism: false,
  },
});
