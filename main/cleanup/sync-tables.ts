/**
 * What cleanup reads from the sync module's tables (`uploads`, `offloads`), as the slices of sync's own
 * repositories it needs: the composition root passes `UploadsRepository` and `OffloadsRepository`, which satisfy
 * these shapes, so the SQL of those tables stays in sync's repositories and cleanup never imports sync's internals.
 */

/** An upload still queued or uploading: its session's folder is busy, its multipart upload is not stale. */
export interface ActiveUpload {
  session_id: string;
  multipart_upload_id: string | null;
}

/** Sync's `UploadsRepository`: the uploads still to finish (queued or uploading), of one session or all. */
export interface ActiveUploads {
  active(sessionId?: string): ActiveUpload[];
}

/** Sync's `OffloadsRepository`: the files whose local copy is (being) given up for the S3 copy, by state. */
export interface OffloadedFiles {
  inState(state: 'offloading' | 'offloaded' | 'restoring'): { session_id: string; bytes: number }[];
}

/** Every offload state: a session counts as offloaded while any of its files has an `offloads` row. */
export const OFFLOAD_STATES = ['offloading', 'offloaded', 'restoring'] as const;
