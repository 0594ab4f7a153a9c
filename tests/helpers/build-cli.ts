/**
 * Global setup of the integration tests (and part of the e2e one): builds the `filmroom` bundle from the current
 * sources, so the tests spawn what `npm install` gives a user (bin/filmroom.js would otherwise run the sources
 * through tsx whenever they are newer than the build — slower to start, and not the shipped path).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function buildCli(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'inherit' });
}
