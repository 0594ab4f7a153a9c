/** The S3 sync module: configuration, resumable backup, links, bucket sync and library rebuild. */
export { createSyncModule, type SyncModule, type SyncModuleDeps, type SyncLibrary } from './sync-module.js';
export { createSyncStorage, type SyncStorage, type SyncStorageDeps } from './sync-storage.js';
export type { SecretVault } from './config.js';
export { restoreWorkerParts } from './restore/restore-worker-parts.js';
export type { FromRestoreWorker, RestoreWorkerInit, ToRestoreWorker } from './restore/restore-worker-protocol.js';
export { OffloadsRepository } from './offload/offloads-repository.js';
/** The coach segment of object keys (`slug(coach_id, 'default')`): the devices' change and snapshot folders use it. */
export { slug } from './object-keys.js';
