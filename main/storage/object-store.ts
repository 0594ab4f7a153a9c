/**
 * The remote copy of a library (S3 today): what the deletion orchestrator, the media route and the cleanup service
 * need of it, without depending on the sync module that implements it.
 */
/**
 * A deleted session's tombstone, `…/{title-slug}_{session_id}/deleted.json`: written before its objects are deleted,
 * so no bucket sync or restore brings the session back (even when some deletes fail), and never an orphan.
 */
export const TOMBSTONE_NAME = 'deleted.json';

export function isTombstoneKey(key: string): boolean {
  return key.endsWith('/' + TOMBSTONE_NAME);
}

/**
 * The devices' change objects (issue 20), `{prefix}.sync/{device_id}/{hlc}-{n}.json`: the history other devices
 * read, referenced by no session file and never an orphan (a coach id never starts with a dot).
 */
export const DEVICE_CHANGES_FOLDER = '.sync/';

export function isDeviceChangeKey(prefix: string, key: string): boolean {
  return key.startsWith(prefix + DEVICE_CHANGES_FOLDER);
}

/**
 * The devices' snapshots (issue 20), `{prefix}.sync-snapshots/{coach_slug}/{snapshot_id}/…`: compacted history,
 * referenced by no session file, never an orphan, never a session folder.
 */
export const DEVICE_SNAPSHOTS_FOLDER = '.sync-snapshots/';

export function isDeviceSnapshotKey(prefix: string, key: string): boolean {
  return key.startsWith(prefix + DEVICE_SNAPSHOTS_FOLDER);
}

export interface ObjectStore {
  /** Deletes up to 1000 keys; keys the store refused come back in `errors` (never thrown away). */
  deleteObjects(keys: string[]): Promise<{ deleted: string[]; errors: { key: string; message: string }[] }>;
  /** A time-limited GET link to one object: offloaded recordings are played from it (Range requests pass through). */
  presignGet?(key: string, expiresInS: number): Promise<string>;
  /** Writes `{folder}deleted.json` (see TOMBSTONE_NAME). */
  putTombstone?(folderKey: string, body: string): Promise<void>;
  /**
   * Every key the library wrote or handed out for a session, whether a file row records it or not (a presigned
   * upload never confirmed): a delete removes them all.
   */
  sessionKeys?(sessionId: string): string[];
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

export interface MultipartUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

/** Listing and multipart housekeeping: what the cleanup's S3 part needs besides deletes. */
export interface ObjectLister {
  /** Every object under the prefix (the implementation pages through ListObjectsV2). */
  listObjects(prefix: string): AsyncIterable<ListedObject>;
  listMultipartUploads(prefix: string): AsyncIterable<MultipartUpload>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
}

/** The configured store as the sync module provides it: deletes, listing, and the library's prefix in the bucket. */
export type RemoteObjectStore = ObjectStore & ObjectLister & { readonly prefix: string };
