/**
 * Presigned links (GET for downloads, PUT for other tools + confirm), recording delete (object only), the
 * "Test connection" probe. (The store the lower modules use is `remote-object-store.ts`.)
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { conflict, notFound } from '../../shared/contract/errors.js';
import type { S3SettingsInput, UploadRecord } from '../../shared/contract/sync.js';
import type { Db } from '../db/index.js';
import type { LibraryService } from '../library/index.js';
import type { SessionsRepository } from '../library/index.js';
import type { Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { plainReason, storeUnavailable, withStoreErrors } from '../platform/plain-errors.js';
import { REMOTE_PATH_PREFIX, type BackupService } from './backup-service.js';
import type { S3Config, SyncConfigService } from './config.js';
import { downloadDisposition } from './download-name.js';
import { objectKey } from './object-keys.js';
import { isNotFound } from './retry.js';
import { createS3Client, type S3ClientCache } from './s3-client.js';
import type { UploadsRepository } from './uploads-repository.js';

export const MAX_PRESIGN_S = 7 * 24 * 3600;

export interface RecordingsDeps {
  db: Db;
  sessions: SessionsRepository;
  library: LibraryService;
  uploads: UploadsRepository;
  backup: BackupService;
  config: SyncConfigService;
  clients: S3ClientCache;
  clock: Clock;
}

export class RecordingsService {
  constructor(private readonly deps: RecordingsDeps) {}

  #client() {
    const config = this.deps.config.require();
    return { config, client: this.deps.clients.get(config) };
  }

  /** Caps the lifetime at 7 days and at the credentials' own expiry (temporary credentials), with a warning. */
  async #lifetime(client: ReturnType<S3ClientCache['get']>, wanted: number) {
    let expiresIn = Math.min(wanted, MAX_PRESIGN_S);
    let warning: string | undefined;
    if (wanted > MAX_PRESIGN_S) warning = 'expires_in capped at 7 days (S3 presigned URL limit)';
    try {
      const creds = await client.config.credentials();
      if (creds.expiration) {
        const left = Math.floor((creds.expiration.getTime() - this.deps.clock.now().getTime()) / 1000);
        if (left < expiresIn) {
          expiresIn = Math.max(1, left);
          warning = `expires_in capped at ${expiresIn} s: the credentials expire then`;
        }
      }
    } catch {
      // no credentials: signing below fails with the SDK's own message
    }
    return { expiresIn, warning };
  }

  async download(actor: Actor, sessionId: string, wanted: number) {
    const { config, client } = this.#client();
    const row = this.deps.library.visibleRow(actor, sessionId);
    const file = this.deps.sessions.files(sessionId).find((f) => f.kind === 'recording' && f.s3_key);
    if (!file?.s3_key) throw notFound('Recording in S3', { session_id: sessionId });
    const { expiresIn, warning } = await this.#lifetime(client, wanted);
    // Saved under the session's title, not the object key's last segment.
    const disposition = downloadDisposition(row.title, file.s3_key);
    const get = new GetObjectCommand({
      Bucket: config.bucket,
      Key: file.s3_key,
      ResponseContentDisposition: disposition,
    });
    const url = await getSignedUrl(client, get, { expiresIn });
    return { url, expires_in: expiresIn, ...(warning ? { warning } : {}) };
  }

  /**
   * A PUT link under a key of its own (`{upload_id}-{filename}` in the session's folder): never an existing object,
   * so a link can never replace the recording or any other object the library knows. The upload id travels as
   * signed metadata (`x-amz-meta-upload-id` in the query), which confirm checks; where the store honours
   * conditional writes (AWS S3) `If-None-Match: *` is signed too, so even a second PUT through the same link
   * cannot replace what the first wrote. `headers` names what the PUT must carry.
   */
  async presignedUpload(actor: Actor, input: { session_id: string; filename: string; content_type: string }) {
    const { config, client } = this.#client();
    const row = this.deps.library.visibleRow(actor, input.session_id);
    const id = newId('upl_');
    const fileName = input.filename.replace(/[/\\]/g, '_');
    const key = objectKey(config.prefix, row, `${id}-${fileName}`);
    if (this.deps.sessions.keyReferenced(key)) throw conflict('The upload key is taken; ask for a new link');
    const { expiresIn } = await this.#lifetime(client, 3600);
    const conditional = config.endpoint === null;
    const url = await withStoreErrors('sign the upload link', () =>
      getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          ContentType: input.content_type,
          Metadata: { 'upload-id': id, 'session-id': row.id },
          ...(conditional ? { IfNoneMatch: '*' } : {}),
        }),
        { expiresIn },
      ),
    );
    const now = this.deps.clock.now();
    this.deps.uploads.insert({
      id,
      sessionId: row.id,
      fileId: null,
      bucket: config.bucket,
      key,
      bytesTotal: 0,
      partSize: null,
      now: now.toISOString(),
      fileName,
      expiresAt: new Date(now.getTime() + expiresIn * 1000).toISOString(),
    });
    const headers: Record<string, string> = { 'Content-Type': input.content_type };
    if (conditional) headers['If-None-Match'] = '*';
    return { upload_id: id, url, key, expires_in: expiresIn, headers };
  }

  /**
   * Records a presigned upload on the session after a HEAD. Refused (409) when the object at the key was not
   * written through this upload's link (its signed upload id differs) or when the key already belongs to a file
   * of the library (confirming would make one row stand for another's object). Confirming twice is a no-op.
   */
  async confirmUpload(actor: Actor, uploadId: string): Promise<UploadRecord & { session_id: string }> {
    const { client } = this.#client();
    const row = this.deps.uploads.get(uploadId);
    if (!row) throw notFound('Upload', { upload_id: uploadId });
    this.deps.library.visibleRow(actor, row.session_id);
    if (row.state === 'synced')
      return { ...this.deps.uploads.toRecord(row, this.deps.sessions), session_id: row.session_id };
    if (row.state === 'cancelled') throw conflict('The upload was cancelled', { upload_id: uploadId });
    let head;
    try {
      head = await client.send(new HeadObjectCommand({ Bucket: row.bucket, Key: row.s3_key }));
    } catch (error) {
      if (isNotFound(error)) throw notFound('Uploaded object', { upload_id: uploadId, key: row.s3_key });
      throw storeUnavailable('check the uploaded object', error);
    }
    const signedId = head.Metadata?.['upload-id'];
    if (signedId !== undefined && signedId !== row.id)
      throw conflict('The object at this key was not uploaded through this link; it is not recorded', {
        reason: 'foreign_object',
        key: row.s3_key,
      });
    if (row.file_id === null && this.deps.sessions.keyReferenced(row.s3_key))
      throw conflict('The key already belongs to a file of the library; it is not replaced', {
        reason: 'key_in_use',
        key: row.s3_key,
      });
    const now = this.deps.clock.now().toISOString();
    const size = head.ContentLength ?? 0;
    const name = this.deps.uploads.fileName(row, this.deps.sessions);
    this.deps.db.transaction(() => {
      if (row.file_id === null) {
        const isMedia =
          /^(video|audio)\//.test(head.ContentType ?? '') || /\.(mp4|m4a|webm|mov|mkv|mp3|wav)$/i.test(name);
        const hasRecording = this.deps.sessions.files(row.session_id).some((f) => f.kind === 'recording');
        const fileId = this.deps.sessions.addFile(
          row.session_id,
          {
            kind: isMedia && !hasRecording ? 'recording' : 'other',
            name,
            path: `${REMOTE_PATH_PREFIX}${row.bucket}/${row.s3_key}`,
            managed: false,
            size,
            sha256: head.Metadata?.sha256 ?? null,
          },
          now,
        );
        this.deps.sessions.setFileS3Key(fileId, row.s3_key);
        this.deps.uploads.attachFile(row.id, fileId, size);
      }
      this.deps.uploads.setState(row.id, 'synced', now, { completed: true, bytesSent: size });
    })();
    this.deps.backup.refreshState(row.session_id);
    return {
      ...this.deps.uploads.toRecord(this.deps.uploads.get(uploadId)!, this.deps.sessions),
      session_id: row.session_id,
    };
  }

  async deleteRecording(actor: Actor, sessionId: string): Promise<{ deleted: boolean; key: string }> {
    const { config, client } = this.#client();
    this.deps.library.visibleRow(actor, sessionId);
    const file = this.deps.sessions.files(sessionId).find((f) => f.kind === 'recording' && f.s3_key);
    if (!file?.s3_key) throw notFound('Recording in S3', { session_id: sessionId });
    if (file.offload_state)
      throw conflict(
        'The recording is held in S3 only (offloaded): restore the local copy before deleting the object',
        {
          reason: 'offloaded',
        },
      );
    try {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: file.s3_key }));
    } catch (error) {
      throw storeUnavailable('delete the recording from S3', error);
    }
    if (file.path.startsWith(REMOTE_PATH_PREFIX)) {
      this.deps.sessions.deleteFile(file.id); // nothing local to keep
    } else {
      this.deps.sessions.setFileS3Key(file.id, null);
    }
    this.deps.backup.refreshState(sessionId);
    return { deleted: true, key: file.s3_key };
  }

  /**
   * Put, head and delete a probe object; the store's own error in plain words when it fails. With candidate
   * settings (not saved) a client of their own is made for the probe and closed after it.
   */
  async testConnection(
    candidate?: S3SettingsInput,
  ): Promise<{ ok: boolean; latency_ms: number | null; error: string | null; detail?: string | null }> {
    if (candidate && Object.keys(candidate).length > 0) {
      const config = this.deps.config.candidate(candidate);
      const client = createS3Client(config);
      try {
        return await this.#probe(config, client);
      } finally {
        client.destroy();
      }
    }
    const { config, client } = this.#client();
    return this.#probe(config, client);
  }

  async #probe(
    config: S3Config,
    client: S3Client,
  ): Promise<{ ok: boolean; latency_ms: number | null; error: string | null; detail?: string | null }> {
    const key = `${config.prefix}.filmroom-probe-${newId()}`;
    const started = performance.now();
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: 'filmroom connection test',
          ...(config.sse === 'AES256' ? { ServerSideEncryption: 'AES256' as const } : {}),
        }),
      );
      await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }));
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
      return { ok: true, latency_ms: Math.round(performance.now() - started), error: null };
    } catch (error) {
      return { ok: false, latency_ms: null, error: plainReason(error), detail: rawReason(error) };
    }
  }
}

/** The store's or the SDK's own words (`CredentialsProviderError: Could not load credentials…`), for the details. */
function rawReason(error: unknown): string {
  const e = error as { name?: string; message?: string } | null;
  return [e?.name, e?.message].filter(Boolean).join(': ') || String(error);
}
