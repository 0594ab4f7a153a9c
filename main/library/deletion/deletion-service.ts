/**
 * Deleting sessions without leaving orphans (after Immich's trash → asset → storage cascade), in the time of their
 * rows (issue 21): first the session's work is cancelled (jobs, uploads, downloads), then what its rows point at is
 * written to `deletion_queue` (migration 0028) with the devices' change, then its rows go, set-based (a bulk
 * delete's on the row-delete worker thread, so the API's thread keeps answering), then a sweep removes that storage
 * (tombstone, S3 objects, managed local files — never a file referenced in place, never outside the library folder)
 * and drops each entry with its audit line. No row is re-indexed on the way (the old `deleting` mark cost an UPDATE
 * of every search index per row). After a crash, `resumePending()` deletes the rows of queued sessions still there,
 * sweeps what is left in the queue (and finishes rows an older version left `deleting`). A storage failure never
 * blocks the delete: it is recorded in `storage_debts` for the cleanup service to retry, and reported in the audit
 * entry and the answer.
 */
import { existsSync } from 'node:fs';
import { rm, rmdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LibraryDb } from '../../db/index.js';
import { actorName, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/event-bus.js';
import type { Logger } from '../../platform/logger.js';
import type { LibraryLayout, RemoteStorage, SessionActivities } from '../../storage/index.js';
import type { AuditLog } from '../audit-log-repository.js';
import type { ChangeLog } from '../change-log.js';
import type { LibraryService } from '../library-service.js';
import type { SessionsRepository } from '../sessions/sessions-repository.js';
import type { DeletionQueueRepository, QueuedDeletion, QueuedFile } from './deletion-queue-repository.js';
import type { RowDeleter } from './row-deleter.js';
import {
  BULK_CHUNK,
  CHUNK_MAX,
  CHUNK_MIN,
  CHUNK_MS,
  emptyOutcome,
  QUEUE_SLICE,
  served,
  SWEEP_COMMIT,
  SWEEP_PARALLEL,
} from './deletion-pace.js';
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
  queue: DeletionQueueRepository;
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  layout: LibraryLayout;
  /** What must stop before a session's storage goes (its jobs, its uploads): every module registers its own. */
  activities: SessionActivities;
  /** The remote store, once S3 is configured (none: S3 keys become storage debts, retried by the cleanup). */
  remote: RemoteStorage;
  /** Told of each session whose rows go, in the transaction that queues them (the devices module's outbox). */
  changes: ChangeLog;
  rows: RowDeleter; // deletes the rows of queued sessions (on the row-delete worker for a bulk delete)
}

/**
 * `share: false`: not told to the other devices — a delete another device made, applied here, or a transient
 * session of the video API (never shared).
 */
export interface DeleteOptions {
  share?: boolean;
}

type Removal = { files: number; bytes: number; s3: number; errors: string[] };

export class DeletionService {
  /** Queue entries a sweep is working on (a request's sweep and the start-up one never take the same twice). */
  readonly #sweeping = new Set<string>();

  constructor(private readonly deps: DeletionDeps) {}

  /** DELETE /sessions/{id}: one session the actor may see (404/403 otherwise). */
  async deleteVisible(actor: Actor, id: string): Promise<DeletionOutcome> {
    this.deps.library.visibleRow(actor, id);
    return this.deleteMany([id], actor, 'deleted by request');
  }

  /** Deletes the given sessions (already authorised by the caller): rows first, then their storage. */
  async deleteMany(ids: string[], actor: Actor, reason: string, opts: DeleteOptions = {}): Promise<DeletionOutcome> {
    const outcome = emptyOutcome();
    const queued = await this.#removeRows(ids, actorName(actor), reason, opts.share !== false);
    await this.#sweep(queued, outcome);
    return outcome;
  }

  /**
   * Starts the row-delete worker ahead of a bulk delete (a bulk delete's preview does): until it runs, a bulk delete's
   * rows go on this thread in short transactions. True once it answers.
   */
  warmBulk(): Promise<boolean> {
    return this.deps.rows.warm();
  }

  /** Finishes deletes a crash interrupted: storage still queued, and rows an older version left `deleting`. */
  async resumePending(): Promise<DeletionOutcome> {
    const outcome = emptyOutcome();
    const legacy = this.deps.sessions.idsInStatus('deleting');
    if (legacy.length > 0) await this.#removeRows(legacy, 'system', 'resumed after restart', true);
    // Sessions queued whose rows a crash kept (the rows go after the queue entry commits): their rows go first.
    const kept = this.deps.queue.withRows();
    for (let i = 0; i < kept.length; i += CHUNK_MAX) {
      await this.deps.rows.deleteQueued(kept.slice(i, i + CHUNK_MAX), { bulk: false });
      await served();
    }
    let swept = 0;
    for (;;) {
      const entries = this.deps.queue.pending(1000).filter((e) => !this.#sweeping.has(e.session_id));
      if (entries.length === 0) break;
      await this.#sweep(
        entries.map((entry) => ({ entry, errors: [] })),
        outcome,
      );
      swept += entries.length;
    }
    if (swept > 0) this.deps.logger.info({ count: swept }, 'finished deletes interrupted by a restart');
    return outcome;
  }

  /** Deletes sessions whose delete a crash stopped before their rows went (the trash's `purging` ones). */
  async resumeRows(ids: string[], reason: string): Promise<DeletionOutcome> {
    const outcome = emptyOutcome();
    await this.#sweep(await this.#removeRows(ids, 'system', reason, true), outcome);
    return outcome;
  }

  /**
   * Removes a session's storage and everything hanging off its row, but keeps the row itself as a tombstone
   * (transient API sessions answer `expired` after this).
   */
  async purgeStorage(sessionId: string): Promise<void> {
    const files = this.deps.sessions.files(sessionId);
    const keys = this.#objectKeys(sessionId, files);
    const result: Removal = { files: 0, bytes: 0, s3: 0, errors: [] };
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

  /**
   * Cancels each session's work, queues its storage (and tells the other devices) in a short transaction, then has
   * the rows deleted (RowDeleter: a bulk delete's on the worker thread, in transactions of up to BULK_CHUNK
   * sessions; a few sessions' here, sized by their measured cost). Answers the queue entries whose rows this call
   * deleted (sessions already gone, or taken by a concurrent delete, are skipped).
   */
  async #removeRows(
    ids: string[],
    actor: string,
    reason: string,
    record: boolean,
  ): Promise<{ entry: QueuedDeletion; errors: string[] }[]> {
    const queued: { entry: QueuedDeletion; errors: string[] }[] = [];
    const bulk = ids.length > CHUNK_MAX;
    let chunk = bulk ? BULK_CHUNK : 200;
    for (let i = 0; i < ids.length;) {
      const owners = this.deps.sessions.ownersOf(ids.slice(i, i + chunk));
      i += chunk;
      const errors = new Map<string, string[]>();
      for (const { id } of owners) {
        const errs: string[] = [];
        await this.#cancelActivities(id, errs);
        errors.set(id, errs);
      }
      const now = this.deps.clock.now().toISOString();
      // Queued QUEUE_SLICE sessions a transaction, the loop served between (1,000 at once held lists ~0.1 s).
      const entries: QueuedDeletion[] = [];
      for (let k = 0; k < owners.length; k += QUEUE_SLICE) {
        entries.push(...this.#queue(owners.slice(k, k + QUEUE_SLICE), { actor, reason, queued_at: now }, record));
        if (k + QUEUE_SLICE < owners.length) await served();
      }
      const started = performance.now();
      const queuedIds = entries.map((e) => e.session_id);
      const gone = new Set(await this.deps.rows.deleteQueued(queuedIds, { bulk }));
      if (!bulk) {
        const perRow = (performance.now() - started) / Math.max(1, gone.size);
        chunk = Math.max(CHUNK_MIN, Math.min(CHUNK_MAX, Math.round(CHUNK_MS / Math.max(perRow, 0.001))));
      }
      for (const entry of entries) {
        if (!gone.has(entry.session_id)) continue;
        queued.push({ entry, errors: errors.get(entry.session_id) ?? [] });
        this.deps.events.emit({ type: 'session.deleted', id: entry.session_id, coach_id: entry.coach_id });
      }
      await served();
    }
    return queued;
  }

  /** Queue entries (and the devices' changes) for the sessions still there, in one transaction. */
  #queue(owners: { id: string }[], by: Pick<QueuedDeletion, 'actor' | 'reason' | 'queued_at'>, record: boolean) {
    return this.deps.db.transaction(() => {
      // Read again inside the transaction: a concurrent delete may have taken some while work was cancelled.
      const present = this.deps.sessions.ownersOf(owners.map((o) => o.id));
      const store = this.deps.remote.current(); // read once a transaction: it consults the settings
      const filesOf = new Map<string, QueuedFile[]>();
      for (const f of this.deps.sessions.filesOfMany(present.map((o) => o.id))) {
        const list = filesOf.get(f.session_id);
        if (list) list.push(f);
        else filesOf.set(f.session_id, [f]);
      }
      return present.map(({ id, coach_id }): QueuedDeletion => {
        const files = filesOf.get(id) ?? [];
        const entry = { session_id: id, coach_id, files, object_keys: this.#objectKeys(id, files, store), ...by };
        this.deps.queue.add(entry);
        if (record) this.deps.changes.record({ op: 'delete', session_id: id, coach_id });
        return entry;
      });
    })();
  }

  /**
   * Removes the storage of queue entries (SWEEP_PARALLEL at once), then drops each entry with its audit line, up to
   * SWEEP_COMMIT entries a transaction (one commit, one fsync, per ~256 sessions, not per 32: issue 21's bulk delete).
   * A crash between the two sweeps the entries again: removing storage twice finds it gone.
   */
  async #sweep(queued: { entry: QueuedDeletion; errors: string[] }[], outcome: DeletionOutcome): Promise<void> {
    let swept: { entry: QueuedDeletion; removal: Removal }[] = [];
    const mine: string[] = [];
    try {
      for (let i = 0; i < queued.length; i += SWEEP_PARALLEL) {
        const batch = queued.slice(i, i + SWEEP_PARALLEL).filter((q) => !this.#sweeping.has(q.entry.session_id));
        for (const q of batch) {
          this.#sweeping.add(q.entry.session_id);
          mine.push(q.entry.session_id);
        }
        const removed = await Promise.all(batch.map((q) => this.#removeStorage(q.entry, q.errors)));
        batch.forEach((q, k) => swept.push({ entry: q.entry, removal: removed[k]! }));
        if (swept.length >= SWEEP_COMMIT || i + SWEEP_PARALLEL >= queued.length) {
          this.#recordSwept(swept, outcome);
          swept = [];
        }
        // Sessions without storage are swept without any I/O (microtasks only): requests are served between.
        await served();
      }
    } finally {
      for (const id of mine) this.#sweeping.delete(id);
    }
  }

  /** Queue entries done, each with its audit line, in one transaction. */
  #recordSwept(swept: { entry: QueuedDeletion; removal: Removal }[], outcome: DeletionOutcome): void {
    if (swept.length === 0) return;
    const now = this.deps.clock.now().toISOString();
    this.deps.db.transaction(() => {
      for (const { entry, removal: r } of swept) {
        this.deps.queue.done(entry.session_id);
        this.deps.audit.write({
          actor: entry.actor,
          action: 'session.delete',
          sessionId: entry.session_id,
          details: {
            reason: entry.reason,
            local_files_deleted: r.files,
            s3_files_deleted: r.s3,
            bytes_freed: r.bytes,
            errors: r.errors,
            at: now,
          },
        });
        outcome.deleted.push(entry.session_id);
        outcome.localFilesDeleted += r.files;
        outcome.s3FilesDeleted += r.s3;
        outcome.bytesFreed += r.bytes;
        for (const error of r.errors) outcome.errors.push({ session_id: entry.session_id, error });
      }
    })();
  }

  async #removeStorage(entry: QueuedDeletion, errors: string[]): Promise<Removal> {
    const result: Removal = { files: 0, bytes: 0, s3: 0, errors: [...errors] };
    await this.#writeTombstone(entry.session_id, entry.object_keys, result.errors);
    await this.#deleteObjects(entry.session_id, entry.object_keys, result);
    await this.#deleteLocalFiles(entry.session_id, entry.files, result);
    return result;
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
  #objectKeys(id: string, files: QueuedFile[], store = this.deps.remote.current()): string[] {
    const keys = new Set(files.map((f) => f.s3_key).filter((k): k is string => k !== null));
    for (const key of store?.sessionKeys?.(id) ?? []) keys.add(key);
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

  async #deleteLocalFiles(id: string, files: QueuedFile[], result: Removal): Promise<void> {
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
      // Most sessions of a bulk delete never had a folder: one stat, not rm's lstat and its ENOENT error (~0.25 ms).
      if (existsSync(own)) await rm(own, { recursive: true, force: true });
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
