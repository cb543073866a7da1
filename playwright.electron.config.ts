import { defineConfig } from '@playwright/test';

/**
 * Desktop-shell tests: launch the built app (dist/electron/main.cjs) with Playwright's _electron.
 * They skip, saying why, when no Electron binary is installed (it cannot be downloaded on our
 * build machines). On Linux without a display run them under `xvfb-run -a`.
 */
export default defineConfig({
  testDir: 'tests/electron',
  outputDir: '.tmp/electron-test-results',
  fullyParallel: false,
  // One Electron at a time: each test owns a temporary user-data folder and its instance lock.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
