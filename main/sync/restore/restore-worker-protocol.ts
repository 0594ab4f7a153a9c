/** Messages between the API process's restore job and the restore worker thread (structured clone). */
import type { S3Config } from '../config.js';
import type { BatchResult } from './restore-batch.js';
import type { BucketFolder } from './session-restorer.js';

export interface RestoreWorkerInit {
  /** The library database (already migrated by the API process). */
  database: string;
  libraryDir: string;
  nativeBinding?: string;
  /** With the credentials the API process resolved (the worker has no vault, profile lookups are not repeated). */
  config: S3Config;
  manifestKey: { key: Buffer; keyId: string };
  concurrency: number;
  budgetMs: number;
}

/** `runId`: the restore job whose count the batch's sessions are added to (in their own transaction). */
export type ToRestoreWorker = { type: 'batch'; id: number; runId: string; folders: BucketFolder[] } | { type: 'close' };

export type FromRestoreWorker =
  | { type: 'ready' }
  | { type: 'batch-done'; id: number; result: BatchResult; announce: string[] }
  | { type: 'batch-failed'; id: number; message: string }
  | { type: 'closed' };
