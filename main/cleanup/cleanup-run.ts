/**
 * One cleanup run of a kind: orphaned files (plus S3 orphans, stale multipart uploads and storage debts when S3 is
 * there), failed sessions past their retention (through the DeletionService, the same set DELETE /sessions/bulk
 * reports), and the trash past its retention. A dry run computes exactly what a real run would delete and changes
 * nothing. Each part catches its own failures into `errors`, so one broken part never hides the others' results.
 */
import type { LibraryLayout } from '../storage/index.js';
import type { CleanupConfig, CleanupKind, CleanupResult } from '../../shared/contract/cleanup.js';
import type { FileReferencesRepository, SessionsRepository, StorageDebtsRepository } from '../library/index.js';
import { ADMIN } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { BulkDelete } from '../library/index.js';
import type { DeletionService } from '../library/index.js';
import { cleanOrphanedFiles } from './orphan-files.js';
import type { ReferenceSources } from './reference-index.js';
import { cleanS3Orphans, type CleanupObjectStore } from './s3-orphans.js';
import { settleStorageDebts } from './storage-debts.js';
import type { TrashService } from './trash-service.js';
import type { PendingWork } from './run-progress.js';

export interface CleanupRunDeps {
  /** What references a file or an S3 upload: library file rows, jobs, sync's uploads (each its owner's repository). */
  sources: ReferenceSources & { references: FileReferencesRepository };
  debts: StorageDebtsRepository;
  sessions: SessionsRepository;
  deletion: DeletionService;
  bulkDelete: BulkDelete;
  trash: TrashService;
  clock: Clock;
  layout: LibraryLayout;
  /** The configured S3 store, read at each run (null while S3 is not configured). */
  objectStore: () => CleanupObjectStore | null;
}

const HOUR_MS = 3_600_000;
/** Sessions deleted between two progress notes of a real run. */
const SESSION_BATCH = 100;
const DAY_MS = 86_400_000;

export function emptyResult(dryRun: boolean): CleanupResult {
  return {
    orphaned_files_deleted: [],
    orphaned_files_count: 0,
    failed_sessions_cleaned: [],
    failed_sessions_count: 0,
    total_space_freed_mb: 0,
    errors: [],
    error_count: 0,
    dry_run: dryRun,
    orphaned_files: [],
    bytes_freed: 0,
    empty_folders_removed: [],
    trash_purged: [],
    s3_objects_deleted: [],
    multipart_uploads_aborted: 0,
    storage_debts_settled: 0,
  };
}

export async function runCleanup(
  deps: CleanupRunDeps,
  config: CleanupConfig,
  kind: CleanupKind,
  options: {
    dryRun: boolean;
    signal?: AbortSignal;
    resumedFromMs?: number;
    /** A real run notes its progress (what it did, what it is about to delete) so a resumed run reports it all. */
    checkpoint?: (done: CleanupResult, pending: PendingWork) => void;
  },
): Promise<CleanupResult> {
  const result = emptyResult(options.dryRun);
  const note = (pending: PendingWork = {}, files?: CleanupResult['orphaned_files']) => {
    const fileBytes = files ? files.reduce((sum, f) => sum + f.size, 0) : 0;
    const partial = files ? { orphaned_files: files, bytes_freed: result.bytes_freed + fileBytes } : {};
    options.checkpoint?.({ ...result, ...partial }, pending);
  };
  const nowMs = deps.clock.now().getTime();
  const guard = async (part: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      result.errors.push(`${part}: ${(error as Error).message}`);
    }
  };

  if (kind === 'all' || kind === 'failed-sessions') {
    await guard('failed sessions', () => failedSessions(deps, config, options.dryRun, result, note));
    note();
  }
  if (kind === 'all' || kind === 'trash') {
    await guard('trash', () => purgeTrash(deps, config, options.dryRun, result, note));
    note();
  }
  // Files last: the sessions deleted above leave no file behind, and what they did leave is now unreferenced.
  if (kind === 'all' || kind === 'orphaned-files') {
    const cutoffMs = nowMs - config.orphaned_file_retention_hours * HOUR_MS;
    await guard('orphaned files', async () => {
      const files = await cleanOrphanedFiles(
        { sources: deps.sources, libraryDir: deps.layout.root },
        {
          cutoffMs,
          dryRun: options.dryRun,
          signal: options.signal,
          emptiedSinceMs: options.resumedFromMs,
          beforeBatch: (batch, done) => note({ files: batch }, [...done.files]),
        },
      );
      result.orphaned_files = files.files;
      result.orphaned_files_deleted = files.files.map((f) => f.name);
      result.orphaned_files_count = files.files.length;
      result.empty_folders_removed = files.emptyFolders;
      result.bytes_freed += files.bytes;
      result.errors.push(...files.errors);
    });
    note();
    await guard('storage debts', async () => {
      const debts = await settleStorageDebts(
        {
          debts: deps.debts,
          references: deps.sources.references,
          layout: deps.layout,
          objectStore: deps.objectStore(),
          now: () => deps.clock.now().toISOString(),
        },
        { dryRun: options.dryRun },
      );
      result.storage_debts_settled = debts.settled;
      result.errors.push(...debts.errors);
    });
    const store = deps.objectStore();
    if (store) {
      await guard('S3', async () => {
        const { references, uploads } = deps.sources;
        const s3 = await cleanS3Orphans(
          store,
          {
            isKeyReferenced: (key) => references.isS3KeyReferenced(key),
            // Asked per multipart upload the bucket lists: few, and each one a fresh read (an upload may just start).
            isUploadOwned: (id) => uploads.active().some((u) => u.multipart_upload_id === id),
          },
          { cutoffMs, dryRun: options.dryRun },
        );
        result.s3_objects_deleted = s3.objects.map((o) => o.key);
        result.multipart_uploads_aborted = s3.aborted.length;
        result.errors.push(...s3.errors);
      });
    }
  }
  result.error_count = result.errors.length;
  result.total_space_freed_mb = Math.round((result.bytes_freed / 1_048_576) * 100) / 100;
  return result;
}

/** Exactly the set of DELETE /sessions/bulk?status_filter=failed&older_than_days=N (same query, same preview). */
async function failedSessions(
  deps: CleanupRunDeps,
  config: CleanupConfig,
  dryRun: boolean,
  result: CleanupResult,
  note: (pending: PendingWork) => void,
): Promise<void> {
  const days = config.failed_session_retention_days;
  const ids = deps.sessions.idsMatching({
    status: 'failed',
    createdBefore: new Date(deps.clock.now().getTime() - days * DAY_MS).toISOString(),
  });
  if (dryRun) {
    const preview = await deps.bulkDelete.run(ADMIN, { status_filter: 'failed', older_than_days: days, dry_run: true });
    result.failed_sessions_cleaned = ids;
    result.failed_sessions_count = ids.length;
    result.bytes_freed += preview.bytes_freed;
    return;
  }
  await deleteInBatches(deps, ids, `cleanup: failed for more than ${days} day(s)`, result, 'failed', note);
  result.failed_sessions_count = result.failed_sessions_cleaned.length;
}

/** Sessions deleted a batch at a time, each batch noted first (a run killed mid-batch still counts what went). */
async function deleteInBatches(
  deps: CleanupRunDeps,
  ids: string[],
  reason: string,
  result: CleanupResult,
  part: 'failed' | 'trash',
  note: (pending: PendingWork) => void,
): Promise<void> {
  const list = part === 'failed' ? result.failed_sessions_cleaned : result.trash_purged;
  for (let i = 0; i < ids.length; i += SESSION_BATCH) {
    const batch = ids.slice(i, i + SESSION_BATCH);
    note({ sessions: { part, ids: batch } });
    // The trash's: marked `purging` first (a session restored since the run listed it stays).
    const outcome =
      part === 'trash' ? await deps.trash.purge(batch, reason) : await deps.deletion.deleteMany(batch, ADMIN, reason);
    list.push(...outcome.deleted);
    result.bytes_freed += outcome.bytesFreed;
    for (const e of outcome.errors) result.errors.push(`session ${e.session_id}: ${e.error}`);
  }
}

async function purgeTrash(
  deps: CleanupRunDeps,
  config: CleanupConfig,
  dryRun: boolean,
  result: CleanupResult,
  note: (pending: PendingWork) => void,
): Promise<void> {
  const due = deps.trash.due();
  if (config.trash_retention_days === 0 && due.length === 0) return;
  if (dryRun) {
    result.trash_purged = due.map((d) => d.id);
    result.bytes_freed += due.reduce((sum, d) => sum + d.bytes, 0);
    return;
  }
  const reason = `cleanup: in the trash for more than ${config.trash_retention_days} day(s)`;
  await deleteInBatches(
    deps,
    due.map((d) => d.id),
    reason,
    result,
    'trash',
    note,
  );
}
