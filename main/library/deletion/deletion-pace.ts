/** How a delete paces itself: transaction sizes and the points where the event loop is served (issue 21). */
import type { DeletionOutcome } from './deletion-service.js';

export const emptyOutcome = (): DeletionOutcome => ({
  deleted: [],
  localFilesDeleted: 0,
  s3FilesDeleted: 0,
  bytesFreed: 0,
  errors: [],
});

/**
 * Rows go in transactions sized to hold the event loop about this long (their triggers cost ~0.1 ms a row on a quiet
 * machine, ten times that on a loaded one, plus one fsync a commit: synchronous=FULL), so a list waits at most
 * about one transaction.
 */
export const CHUNK_MS = 25;
export const CHUNK_MIN = 100;
export const CHUNK_MAX = 500;
/**
 * Sessions a transaction of the row-delete worker (a bulk delete: more than CHUNK_MAX). A commit writes every index
 * page its rows touched to the WAL: 1,000 rows a commit cost half of 200 (10k of 100k: 3.1 vs 6.0 s); an edit on the
 * API's thread waits at most one such commit.
 */
export const BULK_CHUNK = 1000;
/** Sessions queued (entry + the devices' change) a transaction on the API's thread, the loop served between. */
export const QUEUE_SLICE = 200;
/** Sessions whose storage is removed at once (file system calls and S3 requests overlap). */
export const SWEEP_PARALLEL = 32;
/** Swept queue entries dropped (with their audit lines) per transaction. */
export const SWEEP_COMMIT = 256;

/** Lets the event loop serve what waits (requests) before the next transaction. */
export const served = () => new Promise<void>((resolve) => setImmediate(resolve));
