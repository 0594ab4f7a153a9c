/**
 * Where the restore worker's entry is: beside this file (the .ts source in a checkout, the bundled .js of a build).
 * The worker is the default; FILMROOM_RESTORE_WORKER=0 restores on the API's thread instead (as does a process whose
 * worker cannot start). Its batch commits and the job's progress are on different connections, so the run's
 * "restored" is not the job's tally: it is counted in the library, in the same transaction as the sessions it
 * counts (`restore_run_counts`, migration 0032), and a kill -9 between a commit and the job's progress update
 * cannot make a resumed run under-report (tests/integration/restore/restore-kill-window.test.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function restoreWorkerFor(database: string, nativeBinding: string | undefined, env: NodeJS.ProcessEnv) {
  if (env.FILMROOM_RESTORE_WORKER === '0') return null;
  for (const name of ['./restore-worker.ts', './restore-worker.js']) {
    const script = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(script)) return { script, database, ...(nativeBinding ? { nativeBinding } : {}) };
  }
  return null;
}
