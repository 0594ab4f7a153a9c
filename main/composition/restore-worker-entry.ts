/**
 * Where the restore worker's entry is: beside this file (the .ts source in a checkout, the bundled .js of a build).
 * Opt-in (FILMROOM_RESTORE_WORKER=1) for now: the worker commits a batch on its own connection before the job
 * records the batch's progress, so a kill between the two makes the resumed run count those sessions as found, not
 * restored (tests/integration/restore/restore-kill-resume.test.ts: 1,480 of 1,500). Until the count is kept with the
 * commit, a restore writes on the API's thread, as before; the bench compares both.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function restoreWorkerFor(database: string, nativeBinding: string | undefined, env: NodeJS.ProcessEnv) {
  if (env.FILMROOM_RESTORE_WORKER !== '1') return null;
  for (const name of ['./restore-worker.ts', './restore-worker.js']) {
    const script = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(script)) return { script, database, ...(nativeBinding ? { nativeBinding } : {}) };
  }
  return null;
}
