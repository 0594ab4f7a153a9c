/**
 * Pause, resume and cancel of one upload, the queue views, and the session activity a delete calls (cancel the
 * session's uploads and abort them on the store).
 */
import { conflict, notFound } from '../../shared/contract/errors.js';
import type { QueuedUploadRecord, UploadRecord } from '../../shared/contract/sync.js';
import type { LibraryService } from '../library/index.js';
import type { SessionsRepository } from '../library/index.js';
import { assertCanSee, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { BackupService } from './backup-service.js';
import type { SyncConfigService } from './config.js';
import type { UploadCancellation } from './upload-cancellation.js';
import { emitUploadProgress } from './upload-job.js';
import { apiState, type QueueCursor, type UploadRow, type UploadsRepository } from './uploads-repository.js';

/** The queue lists at most this many uploads (as before). */
const QUEUE_LIMIT = 1000;

export interface UploadControlDeps {
  uploads: UploadsRepository;
  sessions: SessionsRepository;
  library: LibraryService;
  backup: BackupService;
  config: SyncConfigService;
  cancellation: UploadCancellation;
  events: EventBus;
  clock: Clock;
  enqueueUpload: (uploadId: string, sessionId: string) => void;
}

export class UploadControl {
  constructor(private readonly deps: UploadControlDeps) {}

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  #row(actor: Actor, uploadId: string): UploadRow {
    const row = this.deps.uploads.get(uploadId);
    const hidden = () => notFound('Upload', { upload_id: uploadId });
    if (!row) throw hidden();
    const session = this.deps.sessions.get(row.session_id);
    if (session) assertCanSee(actor, session.coach_id, hidden);
    return row;
  }

  sessionUploads(actor: Actor, sessionId: string): { items: UploadRecord[] } {
    this.deps.library.visibleRow(actor, sessionId);
    const { uploads, sessions } = this.deps;
    return { items: uploads.forSession(sessionId).map((r) => uploads.toRecord(r, sessions)) };
  }

  /**
   * The newest 1,000 uploads (of a coach's sessions, for a coach), in pages of the `uploads` table named and scoped
   * by the library (it owns titles and coaches), so a coach's list is not cut by other coaches' uploads.
   */
  list(actor: Actor, state?: UploadRecord['state']): { items: QueuedUploadRecord[] } {
    const { uploads, sessions } = this.deps;
    const coach = actor.role === 'coach' ? actor.coachId : undefined;
    const items: QueuedUploadRecord[] = [];
    let before: QueueCursor | null = null;
    while (items.length < QUEUE_LIMIT) {
      const page = uploads.queuePage(state, before, QUEUE_LIMIT);
      const labels = sessions.labelsOf([...new Set(page.map((r) => r.session_id))]);
      for (const row of page) {
        const label = labels.get(row.session_id);
        if (!label || (coach !== undefined && label.coach_id !== coach) || items.length >= QUEUE_LIMIT) continue;
        items.push(uploads.toQueued(row, label.title, sessions));
      }
      if (page.length < QUEUE_LIMIT) break;
      const last = page.at(-1)!;
      before = { createdAt: last.created_at, seq: last.seq };
    }
    return { items };
  }

  async pause(actor: Actor, uploadId: string): Promise<UploadRecord> {
    const row = this.#row(actor, uploadId);
    const state = apiState(row);
    if (state !== 'queued' && state !== 'uploading' && state !== 'paused')
      throw conflict(`The upload is ${state}; only queued or running uploads can be paused`);
    // Marked first, so the handler sees a pause (not a failure) when its requests are aborted.
    this.deps.uploads.setState(uploadId, 'paused', this.#now(), { error: null });
    await this.deps.cancellation.stopJob(uploadId);
    return this.#settled(uploadId);
  }

  async resume(actor: Actor, uploadId: string): Promise<UploadRecord> {
    this.deps.config.require();
    const row = this.#row(actor, uploadId);
    const state = apiState(row);
    if (state === 'completed' || state === 'cancelled') throw conflict(`The upload is ${state}`);
    if (state === 'paused' || state === 'failed') {
      this.deps.uploads.setState(uploadId, 'queued', this.#now(), { error: null });
      this.deps.enqueueUpload(uploadId, row.session_id);
    }
    return this.#settled(uploadId);
  }

  async cancel(actor: Actor, uploadId: string): Promise<UploadRecord> {
    const row = this.#row(actor, uploadId);
    const state = apiState(row);
    if (state === 'completed' || state === 'cancelled') return this.deps.uploads.toRecord(row, this.deps.sessions);
    await this.deps.cancellation.cancelRow(row);
    return this.#settled(uploadId);
  }

  #settled(uploadId: string): UploadRecord {
    const row = this.deps.uploads.get(uploadId)!;
    this.deps.backup.refreshState(row.session_id);
    emitUploadProgress(this.deps, row, row.bytes_sent, this.deps.sessions.get(row.session_id)?.coach_id ?? 'default');
    return this.deps.uploads.toRecord(row, this.deps.sessions);
  }
}
