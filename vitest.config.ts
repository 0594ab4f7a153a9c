import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two files at once on CI's 2 cores (vitest's default is cores − 1 = one file at a time). Most integration files
    // wait on child processes (serve, ffmpeg, s3rver) and timers rather than computing, so two overlap well.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          globalSetup: ['tests/helpers/build-cli.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
