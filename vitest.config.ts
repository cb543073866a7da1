import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'contract/**/*.test.ts',
      'renderer/lib/**/*.test.ts',
      'db/**/*.test.ts',
      'services/**/*.test.ts',
      'server/**/*.test.ts',
      'cli/**/*.test.ts',
      'electron/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/crash/**/*.test.ts',
      'tests/fuzz/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Automatic backups go to the user-data folder: keep tests (and the processes they start) out of the real one.
    env: { SPANBENCH_HOME: process.env.SPANBENCH_HOME ?? path.join(os.tmpdir(), `spanbench-vitest-home-${process.pid}`) },
  },
});
