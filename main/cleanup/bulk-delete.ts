/** DELETE /sessions/bulk: choose sessions by status and age, preview (dry run) or delete them. */
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
    private readonly deps: { db: Db; sessions: SessionsRepository; deletion: DeletionService; clock: Clock },
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

  /** What a delete would remove, from the file rows (no storage is touched). */
  #preview(ids: string[]): { s3_files_deleted: number; local_files_deleted: number; bytes_freed: number } {
    const totals = { s3_files_deleted: 0, local_files_deleted: 0, bytes_freed: 0 };
    const stmt = this.deps.db.prepare(
      `SELECT IFNULL(SUM(managed), 0) AS local, IFNULL(SUM(CASE WHEN managed = 1 THEN size ELSE 0 END), 0) AS bytes,
              IFNULL(SUM(s3_key IS NOT NULL), 0) AS s3
       FROM session_files WHERE session_id IN (SELECT value FROM json_each(?))`,
    );
    for (let i = 0; i < ids.length; i += 5000) {
      const r = stmt.get(JSON.stringify(ids.slice(i, i + 5000))) as { local: number; bytes: number; s3: number };
      totals.local_files_deleted += r.local;
      totals.bytes_freed += r.bytes;
      totals.s3_files_deleted += r.s3;
    }
    return totals;
  }
}
