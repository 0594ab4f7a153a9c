/**
 * `filmroom verify-backups [--sample N] [--json]`: the same check as the app's "Verify backups" (every object the
 * library references HEADed, N % re-hashed by download), run at once in this process and kept in the run history.
 * Exit code 0 when every object is sound, 2 when something is missing, changed or unverifiable, 1 on an error.
 */
import type { VerifyRun } from '../shared/contract/verify.js';
import { startFilmroom } from './composition/index.js';
import { silentLogger } from './platform/logger.js';

export async function verifyBackups(dataDir: string, options: { sample: number; json: boolean }): Promise<number> {
  if (!Number.isInteger(options.sample) || options.sample < 0 || options.sample > 100)
    throw new Error('--sample must be a whole number from 0 to 100');
  const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
  try {
    const verify = app.services.sync.verify;
    const runId = verify.createRun('cli', options.sample);
    const run = await verify.run(runId, new AbortController().signal);
    if (options.json) console.log(JSON.stringify(run, null, 2));
    else print(run);
    if (run.error) return 1;
    return run.missing.length + run.changed.length + run.unverifiable.length > 0 ? 2 : 0;
  } finally {
    await app.close();
  }
}

function print(run: VerifyRun): void {
  console.log(
    `Checked ${run.checked} objects (${run.rehashed} re-hashed): ${run.ok} ok, ${run.missing.length} missing, ` +
      `${run.changed.length} changed, ${run.unverifiable.length} unverifiable`,
  );
  for (const kind of ['missing', 'changed', 'unverifiable'] as const)
    for (const f of run[kind]) console.log(`${kind.padEnd(12)} ${f.session_id}  ${f.title}  ${f.key}  — ${f.detail}`);
  if (run.error) console.log(`error        ${run.error}`);
}
