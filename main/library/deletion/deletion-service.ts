/**
 * Deleting sessions without leaving orphans (after Immich's trash → asset → storage cascade):
 * row state first (`deleting`, hidden at once), then cancel the session's work, then storage (S3 objects, managed
 * local files — never a file referenced in place, never outside the library folder), then the rows and the audit
 * entry in one transaction. Every step is idempotent, so `resumePending()` at start-up finishes a delete that a
 * crash interrupted. A storage failure never blocks the delete: it is recorded in `storage_debts` for the cleanup
 * service to retry, and reported in the audit entry and the answer.
 */
import { rm, rmdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LibraryDb } from '../../db/index.js';
import { actorName, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/event-bus.js';
import type { Logger } from '../../platform/logger.js';
import type { LibraryLayout, RemoteStorage, SessionActivities } from '../../storage/index.js';
import type { AuditLog } from '../audit-log-repository.js';
import type { LibraryService } from '../library-service.js';
import type { SessionFileRow } from '../sessions/session-row.js';
import type { SessionsRepository } from '../sessions/sessions-repository.js';
import type { StorageDebtsRepository } from './storage-debts-repository.js';

export interface DeletionOutcome {
  deleted: string[];
  localFilesDeleted: number;
  s3FilesDeleted: number;
  bytesFreed: number;
  errors: { session_id: string; error: string }[];
}

export interface DeletionDeps {
  db: LibraryDb;
  library: Pick<LibraryService, 'visibleRow'>;
  sessions: SessionsRepository;
  debts: StorageDebtsRepository;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  layout: LibraryLayout;
  /** What must stop before a session's storage goes (its jobs, its uploads): every module registers its own. */
  activities: SessionActivities;
  /** The remote store, once S3 is configured (none: S3 keys become storage debts, retried by the cleanup). */
  remote: RemoteStorage;
}

const emptyOutcome = (): DeletionOutcome => ({
  deleted: [],
  localFilesDeleted: 0,
  s3FilesDeleted: 0,
  bytesFreed: 0,
  errors: [],
});

/** Rows are marked and removed in transactions of this many sessions (synchronous=FULL makes each commit an fsync). */
const BATCH = 500;

export class DeletionService {
  constructor(private readonly deps: DeletionDeps) {}

  /** DELETE /sessions/{id}: one session the actor may see (404/403 otherwise). */
  async deleteVisible(actor: Actor, id: string): Promise<DeletionOutcome> {
    this.deps.library.visibleRow(actor, id);
    return this.deleteMany([id], actor, 'deleted by request');
  }

  /** Deletes the given sessions (already authorised by the caller). */
  async deleteMany(ids: string[], actor: Actor, reason: string): Promise<DeletionOutcome> {
    const outcome = emptyOutcome();
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      this.#markDeleting(batch);
      await this.#finish(batch, actorName(actor), reason, outcome);
    }
    return outcome;
  }

  /** Finishes deletes a crash interrupted: sessions still marked `deleting`. */
  async resumePending(): Promise<DeletionOutcome> {
    const ids = this.deps.sessions.idsInStatus('deleting');
    const outcome = emptyOutcome();
    for (let i = 0; i < ids.length; i += BATCH) {
      await this.#finish(ids.slice(i, i + BATCH), 'system', 'resumed after restart', outcome);
    }
    if (ids.length > 0) this.deps.logger.info({ count: ids.length }, 'finished deletes interrupted by a restart');
    return outcome;
  }

  /**
   * Removes a session's storage and everything hanging off its row, but keeps the row itself as a tombstone
   * (transient API sessions answer `expired` after this).
   */
  async purgeStorage(sessionId: string): Promise<void> {
    const files = this.deps.sessions.files(sessionId);
    const keys = this.#objectKeys(sessionId, files);
    const result = { files: 0, bytes: 0, s3: 0, errors: [] as string[] };
    await this.#cancelActivities(sessionId, result.errors);
    await this.#deleteObjects(sessionId, keys, result);
    await this.#deleteLocalFiles(sessionId, files, result);
    this.deps.db.transaction(() => {
      this.deps.sessions.purgeChildren(sessionId);
      this.deps.audit.write({
        actor: 'system',
        action: 'session.expire',
        sessionId,
        details: {
          local_files_deleted: result.files,
          s3_files_deleted: result.s3,
          bytes_freed: result.bytes,
          errors: result.errors,
        },
      });
    })();
  }

  #markDeleting(ids: string[]): void {
    const now = this.deps.clock.now().toISOString();
    const coaches = new Map<string, string>();
    this.deps.db.transaction(() => {
      for (const id of ids) {
        const row = this.deps.sessions.get(id);
        if (!row) continue;
        coaches.set(id, row.coach_id);
        this.deps.sessions.update(id, { status: 'deleting' }, now);
      }
    })();
    for (const [id, coach_id] of coaches) this.deps.events.emit({ type: 'session.deleted', id, coach_id });
  }

  async #finish(ids: string[], actor: string, reason: string, outcome: DeletionOutcome): Promise<void> {
    const perSession = new Map<string, { files: number; bytes: number; s3: number; errors: string[] }>();
    for (const id of ids) {
      const files = this.deps.sessions.files(id);
      const keys = this.#objectKeys(id, files);
      const result = { files: 0, bytes: 0, s3: 0, errors: [] as string[] };
      perSession.set(id, result);
      await this.#cancelActivities(id, result.errors);
      await this.#writeTombstone(id, keys, result.errors);
      await this.#deleteObjects(id, keys, result);
      await this.#deleteLocalFiles(id, files, result);
    }
    const now = this.deps.clock.now().toISOString();
    this.deps.db.transaction(() => {
      for (const [id, r] of perSession) {
        if (!this.deps.sessions.deleteRows(id)) continue;
        this.deps.audit.write({
          actor,
          action: 'session.delete',
          sessionId: id,
          details: {
            reason,
            local_files_deleted: r.files,
            s3_files_deleted: r.s3,
            bytes_freed: r.bytes,
            errors: r.errors,
            at: now,
          },
        });
        outcome.deleted.push(id);
        outcome.localFilesDeleted += r.files;
        outcome.s3FilesDeleted += r.s3;
        outcome.bytesFreed += r.bytes;
        for (const error of r.errors) outcome.errors.push({ session_id: id, error });
      }
    })();
  }

  async #cancelActivities(id: string, errors: string[]): Promise<void> {
    for (const activity of this.deps.activities.all()) {
      try {
        await activity.cancelForSession(id);
      } catch (error) {
        errors.push(`could not cancel running ${activity.name}: ${(error as Error).message}`);
      }
    }
  }

  /**
   * Before its objects go, a backed-up session leaves `deleted.json` in its bucket folder, so no sync or restore
   * brings it back. A failure is reported; the deletes still run (every key that fails becomes a storage debt).
   */
  async #writeTombstone(id: string, keys: string[], errors: string[]): Promise<void> {
    // Every folder the library wrote to or handed out for the session (its files' keys, and the keys of uploads
    // still under way: an object they write late must not bring the session back).
    const folders = new Set(
      keys.flatMap((key) => (key.includes(`_${id}/`) ? [key.slice(0, key.lastIndexOf('/') + 1)] : [])),
    );
    const store = this.deps.remote.current();
    if (folders.size === 0 || !store?.putTombstone) return;
    const body = JSON.stringify({ session_id: id, deleted_at: this.deps.clock.now().toISOString() }) + '\n';
    for (const folder of folders) {
      try {
        await store.putTombstone(folder, body);
      } catch (error) {
        errors.push(`could not write the tombstone of ${folder}: ${(error as Error).message}`);
      }
    }
  }

  /** The session's objects: its files' keys and every key handed out for it (unconfirmed presigned uploads too). */
  #objectKeys(id: string, files: SessionFileRow[]): string[] {
    const keys = new Set(files.map((f) => f.s3_key).filter((k): k is string => k !== null));
    for (const key of this.deps.remote.current()?.sessionKeys?.(id) ?? []) keys.add(key);
    return [...keys];
  }

  async #deleteObjects(id: string, keys: string[], result: { s3: number; errors: string[] }): Promise<void> {
    if (keys.length === 0) return;
    const store = this.deps.remote.current();
    if (!store) {
      for (const key of keys) this.#recordDebt(id, 's3', key, 'S3 is not configured', result.errors);
      return;
    }
    try {
      for (let i = 0; i < keys.length; i += 1000) {
        const { deleted, errors } = await store.deleteObjects(keys.slice(i, i + 1000));
        result.s3 += deleted.length;
        for (const e of errors) this.#recordDebt(id, 's3', e.key, e.message, result.errors);
      }
    } catch (error) {
      for (const key of keys) this.#recordDebt(id, 's3', key, (error as Error).message, result.errors);
    }
  }

  async #deleteLocalFiles(
    id: string,
    files: SessionFileRow[],
    result: { files: number; bytes: number; errors: string[] },
  ): Promise<void> {
    const folders = new Set<string>();
    for (const file of files) {
      if (file.managed !== 1) continue; // referenced in place: the coach's own file, never ours to delete
      const absolute = this.deps.layout.resolveManaged(file.path);
      if (!absolute) {
        result.errors.push(`refused to delete ${file.path}: outside the library folder`);
        continue;
      }
      try {
        await unlink(absolute);
        result.files += 1;
        result.bytes += file.size;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') this.#recordDebt(id, 'local', absolute, (error as Error).message, result.errors);
      }
      folders.add(dirname(absolute));
    }
    for (const folder of folders) {
      if (folder === this.deps.layout.root) continue;
      await rmdir(folder).catch(() => undefined); // only when empty
    }
    // The session's own folder holds only what was made for it (copies, thumbnails, half-written derived files):
    // it goes whole, so nothing unrecorded is left behind.
    let own: string | undefined;
    try {
      own = this.deps.layout.sessionDir(id);
      await rm(own, { recursive: true, force: true });
    } catch (error) {
      if (own) this.#recordDebt(id, 'local', own, (error as Error).message, result.errors);
    }
  }

  #recordDebt(sessionId: string, target: 'local' | 's3', location: string, message: string, errors: string[]): void {
    this.deps.debts.record({ sessionId, target, location, message, now: this.deps.clock.now().toISOString() });
    this.deps.logger.warn({ sessionId, target, location, message }, 'storage delete failed; recorded for retry');
    errors.push(`${target === 's3' ? 'S3 object' : 'file'} ${location}: ${message}`);
  }
}
