import { defineConfig } from 'vitest/config';

// One graphql copy: vite would load graphql's ESM build while Apollo and
// type-graphql load the CommonJS one ("another module or realm").
export const sharedConfig = defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Golden walks close 180 days of business one batch transaction at a time; under a loaded
    // 2-core CI machine one walk took over 30 s.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // A test that asserts nothing passes whatever the code does.
    expect: { requireAssertions: true },
    setupFiles: [],
  },
});
