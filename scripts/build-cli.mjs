#!/usr/bin/env node
/**
 * `npm run build:cli` (also run by `prepare`, so `npm install` / `npm ci` leave a working `filmroom`): bundles the
 * CLI and its analysis worker into out/cli/ with esbuild, so `filmroom` starts without compiling TypeScript at run
 * time. bin/filmroom.js falls back to the sources (through tsx) while this build is missing or older than main/ and
 * shared/.
 *
 * The pure-JavaScript packages (fastify, zod, the AWS SDK, …) are bundled too: resolving, format-detecting and
 * compiling their ~1,500 files one by one was most of `filmroom serve`'s start-up (bench serve_startup). Packages
 * that find files of their own at run time stay in node_modules: native addons, bundled executables, pino (its
 * transports start workers from its folder). Node's `require` is provided for the CommonJS code in the bundle.
 *
 * Files are written beside their final name and renamed over it, so a `filmroom` starting meanwhile (tests start
 * many) reads either the old bundle or the new one, never half of one.
 */
import { build } from 'esbuild';
import { mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Loaded from node_modules at run time, whoever imports them. */
const EXTERNAL = /^(better-sqlite3|pino|thread-stream|ffmpeg-static|@ffprobe-installer\/[^/]+|fsevents)(\/|$)/;

const externals = {
  name: 'filmroom-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('node:') || EXTERNAL.test(args.path) ? { path: args.path, external: true } : undefined,
    );
  },
};

export async function buildCli() {
  const started = new Date();
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      cli: 'main/cli.ts',
      'analysis-worker': 'main/analysis/worker/analysis-worker.ts',
      'restore-worker': 'main/composition/restore-worker.ts',
    },
    outdir: 'out/cli',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // ESM builds of packages that have one (the AWS SDK's commands are then left out when unused).
    mainFields: ['module', 'main'],
    plugins: [externals],
    banner: {
      js: "import { createRequire as __filmroomCreateRequire } from 'node:module'; const require = __filmroomCreateRequire(import.meta.url);",
    },
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
