/**
 * A real cleanup run's progress, kept in its history row while it runs, so a run killed half-way and resumed after
 * a restart reports the whole run — what every attempt deleted — not only its last attempt. Before a batch of files
 * or sessions is deleted, the batch is written down as `pending`; at resume, a pending file that is gone or a
 * pending session whose row is gone was deleted by the attempt that died, and is counted.
 */
import { existsSync } from 'node:fs';
import type { CleanupResult } from '../../shared/contract/cleanup.js';
import type { LibraryLayout } from '../storage/index.js';

export interface PendingWork {
  files?: CleanupResult['orphaned_files'];
  /** Sessions being deleted, and the part of the run that deletes them. */
  sessions?: { part: 'failed' | 'trash'; ids: string[] };
}

/** What the history row holds while the run is unfinished. */
export interface RunCheckpoint {
  checkpoint: 1;
  /** Everything earlier attempts and this one have done so far. */
  done: CleanupResult;
  pending: PendingWork;
}

export function isCheckpoint(value: unknown): value is RunCheckpoint {
  return typeof value === 'object' && value !== null && (value as { checkpoint?: unknown }).checkpoint === 1;
}

/** What the attempt that died had finished: its checkpoint, plus the pending batch's items that are gone. */
export function settleCheckpoint(
  saved: RunCheckpoint,
  layout: LibraryLayout,
  sessionExists: (id: string) => boolean,
): CleanupResult {
  const done = structuredClone(saved.done);
  for (const file of saved.pending.files ?? []) {
    const absolute = layout.resolveManaged(file.name);
    if (absolute && !existsSync(absolute) && !done.orphaned_files.some((f) => f.name === file.name)) {
      done.orphaned_files.push(file);
      done.bytes_freed += file.size;
    }
  }
  const sessions = saved.pending.sessions;
  if (sessions) {
    const list = sessions.part === 'failed' ? done.failed_sessions_cleaned : done.trash_purged;
    for (const id of sessions.ids) if (!sessionExists(id) && !list.includes(id)) list.push(id);
  }
  return finalise(done);
}

const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])];

/** The whole run: what earlier attempts did (`prior`) and what this attempt did. */
export function mergeResults(prior: CleanupResult | null, current: CleanupResult): CleanupResult {
  if (!prior) return finalise(current);
  const known = new Set(prior.orphaned_files.map((f) => f.name));
  return finalise({
    ...current,
    orphaned_files: [...prior.orphaned_files, ...current.orphaned_files.filter((f) => !known.has(f.name))],
    failed_sessions_cleaned: union(prior.failed_sessions_cleaned, current.failed_sessions_cleaned),
    trash_purged: union(prior.trash_purged, current.trash_purged),
    empty_folders_removed: union(prior.empty_folders_removed, current.empty_folders_removed),
    s3_objects_deleted: union(prior.s3_objects_deleted, current.s3_objects_deleted),
    errors: union(prior.errors, current.errors),
    bytes_freed: prior.bytes_freed + current.bytes_freed,
    multipart_uploads_aborted: prior.multipart_uploads_aborted + current.multipart_uploads_aborted,
    storage_debts_settled: prior.storage_debts_settled + current.storage_debts_settled,
  });
}

/** Counts and totals derived from the lists. */
export function finalise(result: CleanupResult): CleanupResult {
  result.orphaned_files_deleted = result.orphaned_files.map((f) => f.name);
  result.orphaned_files_count = result.orphaned_files.length;
  result.failed_sessions_count = result.failed_sessions_cleaned.length;
  result.error_count = result.errors.length;
  result.total_space_freed_mb = Math.round((result.bytes_freed / 1_048_576) * 100) / 100;
  return result;
}
