#!/usr/bin/env node
/**
 * `npm run build:cli` (also run by `prepare`, so `npm install` / `npm ci` leave a working `filmroom`): bundles the
 * CLI and its analysis worker into out/cli/ with esbuild, packages left external (better-sqlite3, fastify, … stay in
 * node_modules), as electron-vite does for the desktop main process. `filmroom` then starts without compiling
 * TypeScript at run time. bin/filmroom.js falls back to the sources (through tsx) while this build is missing or
 * older than main/ and shared/.
 *
 * Files are written beside their final name and renamed over it, so a `filmroom` starting meanwhile (tests start
 * many) reads either the old bundle or the new one, never half of one.
 */
import { build } from 'esbuild';
import { mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli() {
  const started = new Date();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'main/cli.ts', 'analysis-worker': 'main/analysis/worker/analysis-worker.ts' },
    outdir: 'out/cli',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  // cli.js last: bin/filmroom.js trusts the build when cli.js is newer than every source. Dated when the build
  // started, so a source saved while it ran still counts as newer.
  const files = result.outputFiles.sort(
    (a, b) => Number(a.path.endsWith('cli.js')) - Number(b.path.endsWith('cli.js')),
  );
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    utimesSync(temporary, started, started);
    renameSync(temporary, file.path);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
