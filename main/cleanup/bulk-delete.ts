/** DELETE /sessions/bulk: choose sessions by status and age, preview (dry run) or delete them. */
import { existsSync } from 'node:fs';
import { resolveInside } from '../platform/safe-path.js';
import type { BulkDeleteResult } from '../../shared/contract/sessions.js';
import type { Db } from '../library/db.js';
import type { SessionsRepository } from '../library/sessions/sessions-repository.js';
import { scopedCoach, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { DeletionService } from './deletion-service.js';

export interface BulkDeleteArgs {
  status_filter?: string;
  older_than_days?: number;
  dry_run: boolean;
}

export class BulkDelete {
  constructor(
    private readonly deps: {
      db: Db;
      sessions: SessionsRepository;
      deletion: DeletionService;
      clock: Clock;
      libraryDir: string;
    },
  ) {}

  async run(actor: Actor, args: BulkDeleteArgs): Promise<BulkDeleteResult> {
    const ids = this.deps.sessions.idsMatching({
      status: args.status_filter,
      createdBefore:
        args.older_than_days === undefined
          ? undefined
          : new Date(this.deps.clock.now().getTime() - args.older_than_days * 86_400_000).toISOString(),
      coachId: scopedCoach(actor),
    });
    const filters_applied = { status: args.status_filter ?? null, older_than_days: args.older_than_days ?? null };
    if (args.dry_run) {
      const preview = this.#preview(ids);
      return { deleted_count: ids.length, ...preview, filters_applied, dry_run: true, errors: [] };
    }
    const outcome = await this.deps.deletion.deleteMany(ids, actor, 'bulk delete');
    return {
      deleted_count: outcome.deleted.length,
      s3_files_deleted: outcome.s3FilesDeleted,
      local_files_deleted: outcome.localFilesDeleted,
      bytes_freed: outcome.bytesFreed,
      filters_applied,
      dry_run: false,
      errors: outcome.errors,
    };
  }

  /** What a delete would remove, from the file rows and the disk (nothing is touched). */
  #preview(ids: string[]): { s3_files_deleted: number; local_files_deleted: number; bytes_freed: number } {
    const totals = { s3_files_deleted: 0, local_files_deleted: 0, bytes_freed: 0 };
    const stmt = this.deps.db.prepare(
      'SELECT path, managed, size, s3_key FROM session_files WHERE session_id IN (SELECT value FROM json_each(?))',
    );
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = stmt.all(JSON.stringify(ids.slice(i, i + 5000))) as {
        path: string;
        managed: number;
        size: number;
        s3_key: string | null;
      }[];
      for (const row of rows) {
        if (row.s3_key) totals.s3_files_deleted += 1;
        if (row.managed !== 1) continue;
        // A file already gone frees nothing: count what the real run will find.
        const absolute = resolveInside(this.deps.libraryDir, row.path);
        if (!absolute || !existsSync(absolute)) continue;
        totals.local_files_deleted += 1;
        totals.bytes_freed += row.size;
      }
    }
    return totals;
  }
}
