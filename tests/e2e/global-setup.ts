/**
 * Once per run: build the web renderer and the `filmroom` bundle (so tests exercise the current sources, as
 * `filmroom serve` serves out/renderer and runs out/cli) and make small real recordings with ffmpeg for the import
 * tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { MEDIA_DIR, makeGridMedia, makeTestMedia } from './fixtures/media.js';
import { REPO_ROOT } from './fixtures/paths.js';
import { makeReviewMedia } from './fixtures/review-media.js';
import buildCli from '../helpers/build-cli.js';

export default function globalSetup(): void {
  if (!process.env.E2E_SKIP_BUILD) {
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      },
    );
    buildCli();
  }
  mkdirSync(MEDIA_DIR, { recursive: true });
  makeTestMedia();
  makeReviewMedia();
  makeGridMedia();
}
