/**
 * What the restore worker thread builds of this module from its own connections (its entry is a composition root,
 * main/composition/restore-worker.ts): the restorer, with the manifest key the API process derived, an S3 client
 * with the credentials it resolved, and the batch runner.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../s3-client.js';
import { OffloadsRepository } from '../offload/offloads-repository.js';
import { ManifestSigner } from './manifest-signer.js';
import { restoreBatch, type BatchResult } from './restore-batch.js';
import { RestoreCountsRepository } from './restore-counts-repository.js';
import type { RestoreWorkerInit } from './restore-worker-protocol.js';
import { SessionRestorer, type BucketFolder, type SessionRestorerDeps } from './session-restorer.js';

export function restoreWorkerParts(
  init: RestoreWorkerInit,
  deps: Omit<SessionRestorerDeps, 'offloads' | 'signer' | 'counts'>,
): { client: S3Client; run: (folders: BucketFolder[], runId: string) => Promise<BatchResult> } {
  const { key, keyId } = init.manifestKey;
  const signer = new ManifestSigner(null, {}, { key: Buffer.from(key), keyId });
  const restorer = new SessionRestorer({
    ...deps,
    offloads: new OffloadsRepository(deps.db),
    signer,
    counts: new RestoreCountsRepository(deps.db),
  });
  const client = createS3Client(init.config);
  const now = () => deps.clock.now().toISOString();
  return {
    client,
    run: (folders, runId) =>
      restoreBatch(restorer, client, init.config, folders, {
        concurrency: init.concurrency,
        budgetMs: init.budgetMs,
        now,
        runId,
      }),
  };
}
