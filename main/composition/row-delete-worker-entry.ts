/**
 * Where the row-delete worker's entry is: beside this file (the .ts source in a checkout, the bundled .js of a
 * build). FILMROOM_DELETE_WORKER=0 deletes a bulk delete's rows on the API's thread instead (as does a process whose
 * worker cannot start).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RowDeleteWorkerInit } from '../library/index.js';

export function rowDeleteWorkerFor(
  database: string,
  nativeBinding: string | undefined,
  env: NodeJS.ProcessEnv,
): RowDeleteWorkerInit | null {
  if (env.FILMROOM_DELETE_WORKER === '0') return null;
  for (const name of ['./row-delete-worker.ts', './row-delete-worker.js']) {
    const script = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(script)) return { script, database, ...(nativeBinding ? { nativeBinding } : {}) };
  }
  return null;
}
