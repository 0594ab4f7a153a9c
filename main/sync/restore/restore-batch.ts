/**
 * One batch of the library restore: the folders' manifests fetched a few at a time, read and checked, then written
 * in library transactions that stop taking sessions after `budgetMs` (the event loop given back in between), and
 * their analyses after each commits. The same code runs in the restore worker (its own connections, off the API's
 * thread: `restore-worker-client.ts`) and in-process where no worker can start.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../config.js';
import { storeReason } from '../retry.js';
import { RestoreRefused, type BucketFolder, type PreparedSession, type SessionRestorer } from './session-restorer.js';

export interface BatchResult {
  /** Sessions this batch created. */
  created: string[];
  /** Folders not restored, with the reason (reported to the coach). */
  errors: string[];
  /** Of those, the store failures worth a log line (a refused manifest is not one). */
  warnings: { folder: string; reason: string }[];
}

export type BatchRestorer = Pick<
  SessionRestorer,
  'exists' | 'needsAnalysis' | 'readFolder' | 'commitSlice' | 'saveAnalyses'
>;

const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function restoreBatch(
  restorer: BatchRestorer,
  client: S3Client,
  config: S3Config,
  folders: BucketFolder[],
  options: { concurrency: number; budgetMs: number; now: () => string; runId?: string },
): Promise<BatchResult> {
  const result: BatchResult = { created: [], errors: [], warnings: [] };
  const read = await mapLimited(folders, options.concurrency, async (folder) => {
    try {
      return await restorer.readFolder(client, config, folder);
    } catch (error) {
      const reason = error instanceof RestoreRefused ? error.message : storeReason(error);
      result.errors.push(`${folder.parsed.folder}: ${reason}`);
      if (!(error instanceof RestoreRefused)) result.warnings.push({ folder: folder.parsed.folder, reason });
      return null;
    }
  });
  const prepared = read.filter((p): p is PreparedSession => p !== null);
  let fresh = prepared.filter((p) => !restorer.exists(p.manifest.session.id));
  while (fresh.length > 0) {
    const { created, taken } = restorer.commitSlice(fresh, config.bucket, options.budgetMs, options.runId);
    result.created.push(...created);
    fresh = fresh.slice(taken);
    if (fresh.length > 0) await yieldLoop();
  }
  restorer.saveAnalyses(
    prepared.filter((p) => p.manifest.analysis && restorer.needsAnalysis(p.manifest.session.id)),
    options.now(),
  );
  return result;
}
