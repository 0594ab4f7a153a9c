/**
 * Pause, resume and cancel of one upload, the queue views, and the session activity a delete calls (cancel the
 * session's uploads and abort them on the store).
 */
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { conflict, notFound } from '../../shared/contract/errors.js';
import type { QueuedUploadRecord, UploadRecord } from '../../shared/contract/sync.js';
import type { SessionActivity } from '../storage/index.js';
import type { LibraryService } from '../library/index.js';
import type { SessionsRepository } from '../library/index.js';
import { assertCanSee, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { BackupService } from './backup-service.js';
import type { SyncConfigService } from './config.js';
import type { S3ClientCache } from './s3-client.js';
import { emitUploadProgress } from './upload-job.js';
import { apiState, PAUSED_MARKER, type UploadRow, type UploadsRepository } from './uploads-repository.js';

export interface UploadControlDeps {
  uploads: UploadsRepository;
  sessions: SessionsRepository;
  library: LibraryService;
  backup: BackupService;
  config: SyncConfigService;
  clients: S3ClientCache;
  events: EventBus;
  clock: Clock;
  enqueueUpload: (uploadId: string, sessionId: string) => void;
  /** The queued or running jobs of an upload. */
  uploadJobs: (uploadId: string) => string[];
  cancelJob: (jobId: string) => Promise<unknown>;
}

export class UploadControl implements SessionActivity {
  readonly name = 'uploads';

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

  /** Stops the upload's job (resolves once its requests have stopped). */
  async #stopJob(uploadId: string): Promise<void> {
    for (const id of this.deps.uploadJobs(uploadId)) await this.deps.cancelJob(id);
  }

  sessionUploads(actor: Actor, sessionId: string): { items: UploadRecord[] } {
    this.deps.library.visibleRow(actor, sessionId);
    return { items: this.deps.uploads.forSession(sessionId).map((r) => this.deps.uploads.toRecord(r)) };
  }

  list(actor: Actor, state?: UploadRecord['state']): { items: QueuedUploadRecord[] } {
    const rows = this.deps.uploads.queue(state, actor.role === 'coach' ? actor.coachId : undefined);
    return { items: rows.map((r) => this.deps.uploads.toQueued(r)) };
  }

  async pause(actor: Actor, uploadId: string): Promise<UploadRecord> {
    const row = this.#row(actor, uploadId);
    const state = apiState(row);
    if (state !== 'queued' && state !== 'uploading' && state !== 'paused')
      throw conflict(`The upload is ${state}; only queued or running uploads can be paused`);
    // Marked first, so the handler sees a pause (not a failure) when its requests are aborted.
    this.deps.uploads.setState(uploadId, 'queued', this.#now(), { error: PAUSED_MARKER });
    await this.#stopJob(uploadId);
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
    if (state === 'completed' || state === 'cancelled') return this.deps.uploads.toRecord(row);
    await this.#cancelRow(row);
    return this.#settled(uploadId);
  }

  async #cancelRow(row: UploadRow): Promise<void> {
    this.deps.uploads.setState(row.id, 'cancelled', this.#now(), { completed: true });
    await this.#stopJob(row.id);
    const fresh = this.deps.uploads.get(row.id) ?? row;
    await this.#abortOnStore(fresh);
  }

  /** Aborts the multipart upload on the store; best effort (a store that is down keeps it until cleanup). */
  async #abortOnStore(row: UploadRow): Promise<void> {
    const config = this.deps.config.current();
    if (!row.multipart_upload_id || !config) return;
    await this.deps.clients
      .get(config)
      .send(new AbortMultipartUploadCommand({ Bucket: row.bucket, Key: row.s3_key, UploadId: row.multipart_upload_id }))
      .catch(() => undefined);
  }

  #settled(uploadId: string): UploadRecord {
    const row = this.deps.uploads.get(uploadId)!;
    this.deps.backup.refreshState(row.session_id);
    emitUploadProgress(this.deps, row, row.bytes_sent);
    return this.deps.uploads.toRecord(row);
  }

  async cancelForSession(sessionId: string): Promise<void> {
    for (const row of this.deps.uploads.forSession(sessionId)) {
      if (row.state === 'queued' || row.state === 'uploading') await this.#cancelRow(row);
    }
  }
}
