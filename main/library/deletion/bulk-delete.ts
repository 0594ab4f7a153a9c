/** DELETE /sessions/bulk: choose sessions by status and age, preview (dry run) or delete them. */
import { existsSync } from 'node:fs';
import type { BulkDeleteResult } from '../../../shared/contract/sessions.js';
import { scopedCoach, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { LibraryLayout } from '../../storage/index.js';
import type { SessionsRepository } from '../sessions/sessions-repository.js';
import { CHUNK_MAX } from './deletion-pace.js';
import type { DeletionService } from './deletion-service.js';

export interface BulkDeleteArgs {
  status_filter?: string;
  older_than_days?: number;
  dry_run: boolean;
}

export class BulkDelete {
  constructor(
    private readonly deps: {
      sessions: SessionsRepository;
      deletion: DeletionService;
      clock: Clock;
      layout: LibraryLayout;
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
      // The coach sees this preview before confirming: the worker that deletes a bulk delete's rows starts now.
      if (ids.length > CHUNK_MAX) void this.deps.deletion.warmBulk();
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
    for (const row of this.deps.sessions.filesOfMany(ids)) {
      if (row.s3_key) totals.s3_files_deleted += 1;
      if (row.managed !== 1) continue;
      // A file already gone frees nothing: count what the real run will find.
      const absolute = this.deps.layout.resolveManaged(row.path);
      if (!absolute || !existsSync(absolute)) continue;
      totals.local_files_deleted += 1;
      totals.bytes_freed += row.size;
    }
    return totals;
  }
}
