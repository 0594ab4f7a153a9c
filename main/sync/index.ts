/** The S3 sync module: configuration, resumable backup, links, bucket sync and library rebuild. */
export { createSyncModule, type SyncModule, type SyncModuleDeps } from './sync-module.js';
export type { SecretVault } from './config.js';
