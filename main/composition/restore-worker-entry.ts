/**
 * Where the restore worker's entry is: beside this file (the .ts source in a checkout, the bundled .js of a build).
 * None found, or FILMROOM_RESTORE_IN_PROCESS=1 (the bench's before/after), and a restore writes on the API's thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function restoreWorkerFor(database: string, nativeBinding: string | undefined, env: NodeJS.ProcessEnv) {
  if (env.FILMROOM_RESTORE_IN_PROCESS === '1') return null;
  for (const name of ['./restore-worker.ts', './restore-worker.js']) {
    const script = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(script)) return { script, database, ...(nativeBinding ? { nativeBinding } : {}) };
  }
  return null;
}
