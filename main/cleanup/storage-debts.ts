/**
 * Retries the storage work earlier deletes could not finish (`storage_debts`): a local file is unlinked (only
 * inside the library, and only while no row references it again), S3 keys go through the object store. A debt
 * that is settled (or whose file is gone) is removed; one that fails again keeps its row with the new error.
 */
import { unlink } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Db } from '../db/index.js';
import { isInside } from '../platform/safe-path.js';
import type { ObjectStore } from '../storage/index.js';

interface DebtRow {
  id: number;
  target: 'local' | 's3';
  location: string;
}

export async function settleStorageDebts(
  deps: { db: Db; libraryDir: string; objectStore: ObjectStore | null; now: () => string },
  options: { dryRun: boolean },
): Promise<{ settled: number; errors: string[] }> {
  const rows = deps.db.prepare('SELECT id, target, location FROM storage_debts ORDER BY id').all() as DebtRow[];
  const referenced = deps.db.prepare('SELECT 1 FROM session_files WHERE path = ? OR path = ? OR s3_key = ? LIMIT 1');
  const remove = deps.db.prepare('DELETE FROM storage_debts WHERE id = ?');
  const fail = deps.db.prepare(
    'UPDATE storage_debts SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?',
  );
  let settled = 0;
  const errors: string[] = [];
  for (const row of rows) {
    if (row.target === 's3' && !deps.objectStore) continue; // waits for S3 to be configured
    const rel = row.target === 'local' ? relative(deps.libraryDir, row.location) : row.location;
    if (referenced.get(rel, row.location, row.location) !== undefined) {
      if (!options.dryRun) remove.run(row.id); // in use again: no longer a debt
      continue;
    }
    if (options.dryRun) {
      // What the real run would settle: never a location outside the library.
      if (row.target === 's3' || isInside(deps.libraryDir, row.location)) settled += 1;
      continue;
    }
    try {
      if (row.target === 'local') {
        if (!isInside(deps.libraryDir, row.location)) throw new Error('outside the library folder');
        await unlink(row.location).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
        });
      } else {
        const { errors: failed } = await deps.objectStore!.deleteObjects([row.location]);
        if (failed.length > 0) throw new Error(failed[0]!.message);
      }
      remove.run(row.id);
      settled += 1;
    } catch (error) {
      fail.run((error as Error).message, deps.now(), row.id);
      errors.push(`${row.target === 's3' ? 'S3 object' : 'file'} ${row.location}: ${(error as Error).message}`);
    }
  }
  return { settled, errors };
}
