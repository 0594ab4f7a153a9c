/**
 * The library's bucket as the lower modules see it (storage's `RemoteObjectStore`): deletes for the deletion
 * orchestrator (DeleteObjects, ≤ 1000 keys a call, per-key errors kept), presigned GETs for playing offloaded
 * recordings, and listing + multipart housekeeping for the cleanup's S3 part. Each call reads the current
 * configuration, so a settings change applies at once.
 */
import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { TOMBSTONE_NAME, type ListedObject, type MultipartUpload, type RemoteObjectStore } from '../storage/index.js';
import type { SyncConfigService } from './config.js';
import type { S3ClientCache } from './s3-client.js';
import type { UploadsRepository } from './uploads-repository.js';

export function createRemoteObjectStore(deps: {
  config: SyncConfigService;
  clients: S3ClientCache;
  uploads: Pick<UploadsRepository, 'keysForSession'>;
  /** Resolves once writes that could land after a delete (a trash-state manifest PUT) are done. */
  settled?: () => Promise<void>;
}): RemoteObjectStore {
  const connect = () => {
    const config = deps.config.require();
    return { config, client: deps.clients.get(config) };
  };
  return {
    get prefix() {
      return deps.config.require().prefix;
    },

    async deleteObjects(keys) {
      const { config, client } = connect();
      const deleted: string[] = [];
      const errors: { key: string; message: string }[] = [];
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const out = await client.send(
          new DeleteObjectsCommand({
            Bucket: config.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: false },
          }),
        );
        for (const d of out.Deleted ?? []) if (d.Key) deleted.push(d.Key);
        for (const e of out.Errors ?? [])
          if (e.Key) errors.push({ key: e.Key, message: [e.Code, e.Message].filter(Boolean).join(': ') });
      }
      return { deleted, errors };
    },

    sessionKeys(sessionId) {
      return deps.uploads.keysForSession(sessionId);
    },

    async presignGet(key, expiresInS) {
      const { config, client } = connect();
      return getSignedUrl(client, new GetObjectCommand({ Bucket: config.bucket, Key: key }), { expiresIn: expiresInS });
    },

    async putTombstone(folderKey, body) {
      // A manifest PUT still in flight (the session was just trashed) must land before the objects are deleted,
      // never after: it would put the session's manifest back beside its tombstone.
      await deps.settled?.();
      const { config, client } = connect();
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: folderKey + TOMBSTONE_NAME,
          Body: body,
          ContentType: 'application/json',
          ...(config.sse === 'AES256' ? { ServerSideEncryption: 'AES256' as const } : {}),
        }),
      );
    },

    async *listObjects(prefix): AsyncIterable<ListedObject> {
      const { config, client } = connect();
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? [])
          if (o.Key) yield { key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) };
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },

    async *listMultipartUploads(prefix): AsyncIterable<MultipartUpload> {
      const { config, client } = connect();
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      for (;;) {
        const page = await client.send(
          new ListMultipartUploadsCommand({
            Bucket: config.bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
        for (const u of page.Uploads ?? [])
          if (u.Key && u.UploadId) yield { key: u.Key, uploadId: u.UploadId, initiated: u.Initiated ?? new Date(0) };
        if (!page.IsTruncated) return;
        keyMarker = page.NextKeyMarker;
        uploadIdMarker = page.NextUploadIdMarker;
        if (!keyMarker && !uploadIdMarker) return; // a store that says "truncated" without markers: stop, not loop
      }
    },

    async abortMultipartUpload(key, uploadId) {
      const { config, client } = connect();
      await client.send(new AbortMultipartUploadCommand({ Bucket: config.bucket, Key: key, UploadId: uploadId }));
    },
  };
}
