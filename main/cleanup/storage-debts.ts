/**
 * Retries the storage work earlier deletes could not finish (`storage_debts`): a local file is unlinked (only
 * inside the library, and only while no row references it again), S3 keys go through the object store. A debt
 * that is settled (or whose file is gone) is removed; one that fails again keeps its row with the new error.
 */
import { unlink } from 'node:fs/promises';
import type { FileReferencesRepository, StorageDebtsRepository } from '../library/index.js';
import type { LibraryLayout, ObjectStore } from '../storage/index.js';

export async function settleStorageDebts(
  deps: {
    /** The library's `storage_debts` repository (the deletion service records them there). */
    debts: StorageDebtsRepository;
    references: FileReferencesRepository;
    /** The library folder's rules: a local debt is settled only inside it. */
    layout: LibraryLayout;
    objectStore: ObjectStore | null;
    now: () => string;
  },
  options: { dryRun: boolean },
): Promise<{ settled: number; errors: string[] }> {
  const rows = deps.debts.list();
  let settled = 0;
  const errors: string[] = [];
  for (const row of rows) {
    if (row.target === 's3' && !deps.objectStore) continue; // waits for S3 to be configured
    const rel = row.target === 'local' ? deps.layout.storedPath(row.location) : row.location;
    if (deps.references.isLocationReferenced(rel, row.location)) {
      if (!options.dryRun) deps.debts.settle(row.id); // in use again: no longer a debt
      continue;
    }
    if (options.dryRun) {
      // What the real run would settle: never a location outside the library.
      if (row.target === 's3' || deps.layout.contains(row.location)) settled += 1;
      continue;
    }
    try {
      if (row.target === 'local') {
        if (!deps.layout.contains(row.location)) throw new Error('outside the library folder');
        await unlink(row.location).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
        });
      } else {
        const { errors: failed } = await deps.objectStore!.deleteObjects([row.location]);
        if (failed.length > 0) throw new Error(failed[0]!.message);
      }
      deps.debts.settle(row.id);
      settled += 1;
    } catch (error) {
      deps.debts.markFailed(row.id, (error as Error).message, deps.now());
      errors.push(`${row.target === 's3' ? 'S3 object' : 'file'} ${row.location}: ${(error as Error).message}`);
    }
  }
  return { settled, errors };
}
