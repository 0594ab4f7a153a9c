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
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Loaded from node_modules at run time, whoever imports them: packages that find files of their own, and the ones
 * Fastify requires only lazily and Filmroom never makes it load (its schema compilers, replaced in
 * main/api/http-server.ts, and `inject()`'s light-my-request), so their code is not compiled at each start.
 */
const EXTERNAL =
  /^(better-sqlite3|pino|thread-stream|ffmpeg-static|@ffprobe-installer\/[^/]+|fsevents|@fastify\/ajv-compiler|@fastify\/fast-json-stringify-compiler|light-my-request)(\/|$)/;

const externals = {
  name: 'filmroom-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('node:') || EXTERNAL.test(args.path) ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * zod's messages in English only: `z.locales` (about 50 languages, a tenth of the bundle) is never used, and
 * zod configures English from its own file. The `locales` namespace then holds `en` alone.
 */
const zodEnglishOnly = {
  name: 'filmroom-zod-english',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-english' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * Packages evaluated when first used, not at every start (`filmroom serve` answers sooner, and a library without S3
 * never pays for the AWS SDK): whoever imports them gets a generated stand-in whose classes and functions load the
 * real module on their first call (`new HeadObjectCommand(…)` returns the SDK's own object). chokidar runs only
 * with watch folders; glob only for @fastify/static's `wildcard: false`, which Filmroom does not use. A value a
 * stand-in lacks (an export that is not a class or function) fails this build, not a run.
 */
const LAZY_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', 'chokidar', 'glob'];

/** The stand-in's source: one lazy export per class or function of `name` as resolved from `resolveDir`. */
async function lazyStandIn(name, resolveDir) {
  const exported = await import(pathToFileURL(createRequire(join(resolveDir, 'x.js')).resolve(name)).href);
  const lines = [
    `let loaded;`,
    `const load = () => (loaded ??= require(${JSON.stringify(name)}));`,
    `const lazy = (key) => new Proxy(function () {}, {`,
    `  apply: (_target, self, args) => Reflect.apply(load()[key], self, args),`,
    `  construct: (_target, args) => Reflect.construct(load()[key], args),`,
    `  get: (_target, property) => load()[key][property],`,
    `});`,
  ];
  for (const key of Object.keys(exported).sort()) {
    if (key !== 'default' && typeof exported[key] === 'function' && /^[A-Za-z_$][\w$]*$/.test(key))
      lines.push(`export const ${key} = lazy(${JSON.stringify(key)});`);
  }
  return lines.join('\n');
}

const lazyPackages = {
  name: 'filmroom-lazy-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      LAZY_PACKAGES.includes(args.path) && args.namespace === 'file'
        ? { path: args.path, namespace: 'lazy-package', pluginData: { resolveDir: args.resolveDir } }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, async (args) => ({
      contents: await lazyStandIn(args.path, args.pluginData.resolveDir),
      resolveDir: args.pluginData.resolveDir, // the importer's copy of the package
    }));
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
      'row-delete-worker': 'main/composition/row-delete-worker.ts',
    },
    outdir: 'out/cli',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // ESM builds of packages that have one (the AWS SDK's commands are then left out when unused).
    mainFields: ['module', 'main'],
    plugins: [externals, zodEnglishOnly, lazyPackages],
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
