import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.ts';

// Fault tests kill processes and restart PostgreSQL: one file at a time, with
// room for a restart, each bounded.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ['test/**/*.faults.test.ts'],
      fileParallelism: false,
      testTimeout: 240_000,
      hookTimeout: 240_000,
    },
  }),
);
