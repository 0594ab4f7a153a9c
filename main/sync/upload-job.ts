/**
 * The `s3.upload` job type: one file of one session to its key. The job queue gives persistence, restart
 * (a job left running by a crash is re-queued at start) and cancellation; the resume state is in `uploads`.
 */
import type { LibraryLayout } from '../storage/index.js';
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { defineJobType } from '../jobs/index.js';
import type { JobHandler } from '../jobs/index.js';
import type { SessionsRepository } from '../library/index.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import { localPath, type BackupService } from './backup-service.js';
import type { SyncConfigService } from './config.js';
import { MultipartUploader, UploadFailedError } from './multipart-uploader.js';
import { MANIFEST_NAME } from './object-keys.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { S3ClientCache } from './s3-client.js';
import { apiState, type UploadRow, type UploadsRepository } from './uploads-repository.js';

export const uploadJobPayload = z.object({ uploadId: z.string().min(1) });
export type UploadJobPayload = z.infer<typeof uploadJobPayload>;
/**
 * One file's backup. Retries live inside the uploader (per part); a job attempt that still fails is final
 * (`failed` + reason) after a second try.
 */
export const UPLOAD_JOB = defineJobType({ name: 's3.upload', payload: uploadJobPayload, maxAttempts: 2 });
export const UPLOAD_JOB_TYPE = UPLOAD_JOB.name;

export interface UploadJobDeps {
  uploads: UploadsRepository;
  sessions: SessionsRepository;
  backup: BackupService;
  config: SyncConfigService;
  clients: S3ClientCache;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Every path rule of the library folder (storage's). */
  layout: LibraryLayout;
  retry?: RetryPolicy;
  /** Minimum gap between progress events of one upload (default 100 ms: ≤ 10 events/s). */
  progressIntervalMs?: number;
}

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  webm: 'video/webm',
  vtt: 'text/vtt',
  txt: 'text/plain',
  json: 'application/json',
  jpg: 'image/jpeg',
};

function contentType(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** `coachId`: whose session it is, read once by the caller (an upload's run, a request), never per event. */
export function emitUploadProgress(
  deps: Pick<UploadJobDeps, 'events'>,
  row: UploadRow,
  bytes: number,
  coachId: string,
) {
  deps.events.emit({
    type: 'upload.progress',
    upload_id: row.id,
    session_id: row.session_id,
    state: apiState(row),
    bytes_sent: bytes,
    bytes_total: row.bytes_total,
    error: row.error,
    coach_id: coachId,
  });
}

/**
 * A changed object is never silently uploaded over: before a fresh upload to a key that holds an object, the
 * object must be one Filmroom wrote for this session (its `session-id` metadata). Anything else was put there
 * outside Filmroom; it is kept for the admin to look at ("Verify backups" reports it).
 */
async function foreignObject(
  deps: Pick<UploadJobDeps, 'clients'>,
  config: NonNullable<ReturnType<SyncConfigService['current']>>,
  row: UploadRow,
): Promise<string | null> {
  try {
    const head = await deps.clients.get(config).send(new HeadObjectCommand({ Bucket: row.bucket, Key: row.s3_key }));
    if (head.Metadata?.['session-id'] === row.session_id) return null;
    return (
      'The object already at this key was not written by Filmroom for this session (changed outside it); it is ' +
      'kept, not replaced. Run "Verify backups" and move or delete that object before backing up again'
    );
  } catch {
    return null; // absent (the usual case), or the store is down: the upload itself retries and reports
  }
}

/** The session is gone or being deleted: nothing of it may be written to the bucket any more. */
function beingDeleted(deps: Pick<UploadJobDeps, 'sessions'>, sessionId: string): boolean {
  const session = deps.sessions.get(sessionId);
  return !session || session.status === 'deleting';
}

async function removeObject(
  deps: Pick<UploadJobDeps, 'clients' | 'logger'>,
  config: NonNullable<ReturnType<SyncConfigService['current']>>,
  row: UploadRow,
): Promise<void> {
  try {
    await deps.clients.get(config).send(new DeleteObjectCommand({ Bucket: row.bucket, Key: row.s3_key }));
  } catch (error) {
    // Left for the cleanup's S3 part (an object no session owns); the session's tombstone keeps it from coming back.
    deps.logger.warn(
      { key: row.s3_key, error: (error as Error).message },
      "could not remove a deleted session's object",
    );
  }
}

export function createUploadJobHandler(deps: UploadJobDeps): JobHandler<UploadJobPayload> {
  const now = () => deps.clock.now().toISOString();
  const interval = deps.progressIntervalMs ?? 100;
  return async ({ job, signal }) => {
    const { uploadId } = job.payload;
    let row = deps.uploads.get(uploadId);
    // Only a queued upload is sent (a failed one after a retry of its job); a paused one waits for its resume.
    if (!row || row.state === 'synced' || row.state === 'cancelled' || row.state === 'paused')
      return { status: 'done' };
    const session = deps.sessions.get(row.session_id);
    const coach = session?.coach_id ?? 'default';
    const fail = (reason: string) => {
      deps.uploads.setState(uploadId, 'failed', now(), { error: reason, completed: true });
      deps.backup.refreshState(row!.session_id);
      emitUploadProgress(deps, deps.uploads.get(uploadId)!, row!.bytes_sent, coach);
      deps.logger.warn({ uploadId, key: row!.s3_key, reason }, 'S3 upload failed');
      return { status: 'failed' as const, error: reason };
    };
    if (beingDeleted(deps, row.session_id)) return { status: 'cancelled' };
    const config = deps.config.current();
    if (!config) return fail('S3 is not configured');
    const file = deps.sessions.files(row.session_id).find((f) => f.id === row!.file_id);
    const path = file ? localPath(deps.layout, file) : null;
    if (!file || !path || !file.sha256) return fail('the local file is gone');

    deps.logger.info({ uploadId, key: row.s3_key, bytes: row.bytes_total }, 'S3 upload started');
    deps.uploads.setState(uploadId, 'uploading', now());
    deps.uploads.countAttempt(uploadId);
    row = deps.uploads.get(uploadId)!;
    deps.backup.refreshState(row.session_id);
    emitUploadProgress(deps, row, row.bytes_sent, coach);
    // After the row says `uploading` (an await while it still says `queued` lets the upload be started twice).
    // Only a re-upload over the file's own earlier backup looks first (a first upload has nothing to replace).
    const replacing = row.multipart_upload_id === null && file.s3_key === row.s3_key;
    const foreign = replacing ? await foreignObject(deps, config, row) : null;
    if (foreign) return fail(foreign);

    let lastEmit = 0;
    const uploader = new MultipartUploader({
      client: deps.clients.uploader(config),
      repo: deps.uploads,
      bucket: row.bucket,
      sse: config.sse,
      concurrency: config.concurrency,
      retry: deps.retry ?? DEFAULT_RETRY,
      now,
      onBytes: (bytes) => {
        const t = performance.now();
        if (t - lastEmit < interval) return;
        lastEmit = t;
        emitUploadProgress(deps, row!, bytes, coach);
      },
    });
    try {
      await uploader.run(
        row,
        {
          path,
          size: row.bytes_total,
          sha256: file.sha256,
          contentType: contentType(file.name),
          metadata: {
            'session-id': row.session_id,
            ...(session ? { platform: session.platform } : {}),
            ...(file.name === MANIFEST_NAME ? { manifest: '1' } : {}),
          },
        },
        signal,
      );
    } catch (error) {
      if (signal.aborted) return { status: 'cancelled' }; // pause, cancel or shutdown: the queue knows which
      if (error instanceof UploadFailedError) return fail(error.message);
      throw error;
    }
    if (beingDeleted(deps, row.session_id)) {
      // The session was deleted while its object was written (a delete that ran before this upload's row or
      // job existed does not know the key): the delete wins, the object goes.
      await removeObject(deps, config, row);
      return { status: 'cancelled' };
    }
    deps.uploads.setState(uploadId, 'synced', now(), { completed: true, bytesSent: row.bytes_total });
    const done = deps.uploads.get(uploadId)!;
    deps.backup.markSynced(done);
    deps.logger.info({ uploadId, key: done.s3_key }, 'S3 upload verified (size and sha256)');
    emitUploadProgress(deps, done, done.bytes_total, coach);
    return { status: 'done' };
  };
}
