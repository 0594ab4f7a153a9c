/** The cleanup module: orphan scans, failed sessions, runs and schedule, trash and storage. */
export { createCleanupModule, type CleanupModule, type CleanupModuleDeps } from './cleanup-module.js';
export { TrashRepository } from './trash-repository.js';
