import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'contract/**/*.test.ts', 'db/**/*.test.ts', 'services/**/*.test.ts', 'server/**/*.test.ts', 'cli/**/*.test.ts', 'electron/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
