/**
 * The part of sync the library stands on, built before the library: the S3 settings and clients, the `uploads`
 * rows, the remote object store (deletes, presigned GETs, listing) and the cancelling of a session's uploads. The
 * library's deletion is handed `remote` and `activities` from here; the rest of sync (backup, restore, verify,
 * offload) is built after the library by createSyncModule.
 */
import type { LibraryDb, WorkDb } from '../db/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Clock } from '../platform/clock.js';
import type { SettingsRepository } from '../settings/index.js';
import { RemoteStorage, type SessionActivity } from '../storage/index.js';
import { SyncConfigService, type SecretVault } from './config.js';
import { PendingWrites } from './pending-writes.js';
import { createRemoteObjectStore } from './remote-object-store.js';
import { S3ClientCache } from './s3-client.js';
import { UploadCancellation } from './upload-cancellation.js';
import { UPLOAD_JOB } from './upload-job.js';
import { UploadsRepository } from './uploads-repository.js';

export interface SyncStorageDeps {
  db: LibraryDb;
  /** The synchronous=NORMAL connection: finished parts are committed there (see UploadsRepository). */
  workDb?: WorkDb;
  /** The `settings` table (the S3 settings are one JSON value in it). */
  settingsStore: SettingsRepository;
  env: NodeJS.ProcessEnv;
  /** The desktop app's safeStorage vault; null headless (credentials from the environment or an AWS profile). */
  vault: SecretVault | null;
  clock: Clock;
  /** The shared job queue: uploads are `s3.upload` jobs. */
  queue: JobQueue;
}

export type SyncStorage = ReturnType<typeof createSyncStorage>;

export function createSyncStorage(deps: SyncStorageDeps) {
  const config = new SyncConfigService(deps.settingsStore, deps.env, deps.vault);
  const clients = new S3ClientCache();
  const uploads = new UploadsRepository(deps.db, deps.workDb, () => deps.clock.now().toISOString());
  const writes = new PendingWrites();
  const store = createRemoteObjectStore({ config, clients, uploads, settled: () => writes.settled() });
  const cancellation = new UploadCancellation({
    uploads,
    config,
    clients,
    clock: deps.clock,
    uploadJobs: (uploadId) => deps.queue.activeWithPayload(UPLOAD_JOB, 'uploadId', uploadId),
    cancelJob: (id) => deps.queue.cancel(id),
  });
  return {
    config,
    clients,
    uploads,
    writes,
    cancellation,
    /** None while S3 is not configured, so the deletion orchestrator records debts instead of calling a store. */
    remote: new RemoteStorage(() => (config.current() ? store : null)),
    /** Uploads are session work: a delete or a move to the trash cancels them. */
    activities: [cancellation] as readonly SessionActivity[],
  };
}
