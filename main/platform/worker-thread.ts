/**
 * Starts a worker thread from its entry: the bundled .js of a build as is, the .ts source of a checkout (tests, bench,
 * `filmroom serve` from source) through tsx's API.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export function spawnWorkerThread(script: string, workerData: object): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData });
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(join(dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href;
  const boot =
    "const { workerData } = require('node:worker_threads');" +
    'import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));';
  return new Worker(boot, { eval: true, workerData: { ...workerData, tsx, entry: pathToFileURL(script).href } });
}
