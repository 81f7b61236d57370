import { defineConfig } from 'vitest/config';

// Unit tests: core, server, main helpers and shared code run under plain Node.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: real-OS tests (busy loops, pinned threads) must not fight each other for CPU.
    fileParallelism: false,
  },
});
