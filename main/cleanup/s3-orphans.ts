/**
 * The S3 part of a cleanup, against the store the sync module provides through RemoteStorage (storage's
 * `RemoteObjectStore`): objects under the prefix that no session file references and that are older than the
 * retention are deleted (never a deleted session's tombstone), and incomplete multipart uploads older than the retention are aborted — except uploads the `uploads`
 * table still owns (a resumable upload in progress).
 */
import { isDeviceChangeKey, isDeviceSnapshotKey, isTombstoneKey } from '../storage/index.js';
import type { ListedObject, MultipartUpload, ObjectLister, RemoteObjectStore } from '../storage/index.js';

export type { ListedObject, MultipartUpload, ObjectLister };
export type CleanupObjectStore = RemoteObjectStore;

export interface S3References {
  isKeyReferenced(key: string): boolean;
  isUploadOwned(uploadId: string): boolean;
}

export interface S3CleanupOutcome {
  objects: { key: string; size: number }[];
  aborted: string[];
  errors: string[];
}

export async function cleanS3Orphans(
  store: CleanupObjectStore,
  refs: S3References,
  options: { cutoffMs: number; dryRun: boolean },
): Promise<S3CleanupOutcome> {
  const outcome: S3CleanupOutcome = { objects: [], aborted: [], errors: [] };
  const orphans: { key: string; size: number }[] = [];
  try {
    for await (const object of store.listObjects(store.prefix)) {
      if (object.lastModified.getTime() >= options.cutoffMs) continue;
      if (refs.isKeyReferenced(object.key)) continue;
      if (isTombstoneKey(object.key)) continue; // a deleted session's tombstone: what keeps it from coming back
      if (isDeviceChangeKey(store.prefix, object.key)) continue; // another device's history (issue 20)
      if (isDeviceSnapshotKey(store.prefix, object.key)) continue; // the devices' compacted history (issue 20)
      orphans.push({ key: object.key, size: object.size });
    }
  } catch (error) {
    outcome.errors.push(`could not list S3 objects: ${(error as Error).message}`);
  }
  if (options.dryRun) outcome.objects = orphans;
  else {
    for (let i = 0; i < orphans.length; i += 1000) {
      const batch = orphans.slice(i, i + 1000).filter((o) => !refs.isKeyReferenced(o.key)); // re-check
      try {
        const { deleted, errors } = await store.deleteObjects(batch.map((o) => o.key));
        const done = new Set(deleted);
        outcome.objects.push(...batch.filter((o) => done.has(o.key)));
        for (const e of errors) outcome.errors.push(`S3 object ${e.key}: ${e.message}`);
      } catch (error) {
        outcome.errors.push(`could not delete S3 objects: ${(error as Error).message}`);
      }
    }
  }
  try {
    for await (const upload of store.listMultipartUploads(store.prefix)) {
      if (upload.initiated.getTime() >= options.cutoffMs || refs.isUploadOwned(upload.uploadId)) continue;
      if (!options.dryRun) {
        try {
          await store.abortMultipartUpload(upload.key, upload.uploadId);
        } catch (error) {
          outcome.errors.push(`could not abort upload ${upload.key}: ${(error as Error).message}`);
          continue;
        }
      }
      outcome.aborted.push(upload.key);
    }
  } catch (error) {
    outcome.errors.push(`could not list multipart uploads: ${(error as Error).message}`);
  }
  return outcome;
}
