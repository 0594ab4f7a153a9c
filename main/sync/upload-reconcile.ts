/**
 * Start-up reconcile of uploads marked `failed` whose object is whole on the store after all (a kill -9 during
 * CompleteMultipartUpload, or an answer lost on the way back): a HEAD with the file's size and sha256 metadata
 * turns them `completed` and records the key on the file, instead of leaving a backed-up file "failed".
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { SessionsRepository } from '../library/index.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { BackupService } from './backup-service.js';
import type { SyncConfigService } from './config.js';
import type { S3ClientCache } from './s3-client.js';
import { isNotFound, storeReason } from './retry.js';
import type { UploadsRepository } from './uploads-repository.js';

export interface ReconcileDeps {
  uploads: UploadsRepository;
  sessions: SessionsRepository;
  backup: BackupService;
  config: SyncConfigService;
  clients: S3ClientCache;
  clock: Clock;
  logger: Logger;
}

/** Returns how many failed uploads turned out complete. A store that cannot be reached changes nothing. */
export async function reconcileFailedUploads(deps: ReconcileDeps): Promise<number> {
  const config = deps.config.current();
  if (!config) return 0;
  let healed = 0;
  for (const row of deps.uploads.failedWithFile()) {
    const file = deps.sessions.files(row.session_id).find((f) => f.id === row.file_id);
    if (!file?.sha256) continue;
    try {
      const head = await deps.clients.get(config).send(new HeadObjectCommand({ Bucket: row.bucket, Key: row.s3_key }));
      if (head.ContentLength !== file.size || head.Metadata?.sha256 !== file.sha256) continue;
    } catch (error) {
      if (isNotFound(error)) continue; // absent: it stays failed and can be resumed by hand
      deps.logger.warn({ error: storeReason(error) }, 'failed uploads not reconciled: the store did not answer');
      break; // the store is down: try again at the next start rather than wait on every row
    }
    const now = deps.clock.now().toISOString();
    deps.uploads.setState(row.id, 'synced', now, { completed: true, bytesSent: file.size });
    deps.backup.markSynced(deps.uploads.get(row.id)!);
    healed += 1;
  }
  if (healed > 0) deps.logger.info({ healed }, 'failed uploads found complete on the store');
  return healed;
}
