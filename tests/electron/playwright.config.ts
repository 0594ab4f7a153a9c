/**
 * The Electron window test, separate from the browser e2e suite: it drives the real desktop app with
 * `_electron.launch`, so it needs no browser project, runs one worker, and skips itself where no Electron binary exists.
 * Run: `npx playwright test -c tests/electron/playwright.config.ts`.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
