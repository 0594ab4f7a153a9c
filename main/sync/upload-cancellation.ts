/**
 * Cancelling uploads: mark the row cancelled, stop its job, abort the multipart upload on the store. The session
 * activity a delete or a move to the trash calls; built with the remote store, below the library, so the library's
 * deletion is handed it rather than having it registered later.
 */
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import type { Clock } from '../platform/clock.js';
import type { SessionActivity } from '../storage/index.js';
import type { SyncConfigService } from './config.js';
import type { S3ClientCache } from './s3-client.js';
import { isUnfinished, type UploadRow, type UploadsRepository } from './uploads-repository.js';

export interface UploadCancellationDeps {
  uploads: UploadsRepository;
  config: SyncConfigService;
  clients: S3ClientCache;
  clock: Clock;
  /** The queued or running jobs of an upload. */
  uploadJobs: (uploadId: string) => string[];
  cancelJob: (jobId: string) => Promise<unknown>;
}

export class UploadCancellation implements SessionActivity {
  readonly name = 'uploads';

  constructor(private readonly deps: UploadCancellationDeps) {}

  /** Stops the upload's job (resolves once its requests have stopped). */
  async stopJob(uploadId: string): Promise<void> {
    for (const id of this.deps.uploadJobs(uploadId)) await this.deps.cancelJob(id);
  }

  async cancelRow(row: UploadRow): Promise<void> {
    this.deps.uploads.setState(row.id, 'cancelled', this.deps.clock.now().toISOString(), { completed: true });
    await this.stopJob(row.id);
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

  async cancelForSession(sessionId: string): Promise<void> {
    for (const row of this.deps.uploads.forSession(sessionId)) {
      if (isUnfinished(row)) await this.cancelRow(row);
    }
  }
}
