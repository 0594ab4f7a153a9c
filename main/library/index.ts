/** The library module's public surface: what analysis, sync, the video API, cleanup and the transports use. */
export { createLibraryModule, type LibraryModule, type LibraryModuleDeps } from './library-module.js';
export { createLibraryRecords, type LibraryRecords, type LibraryRecordsDeps } from './library-records.js';
export type { TrashBin } from './handlers/sessions-handlers.js';
export { LibraryService, type ListArgs, type EditArgs } from './library-service.js';
export { SessionsRepository, type NewSession, type NewSessionFile } from './sessions/sessions-repository.js';
export type {
  BackedUpRecording,
  FileOffload,
  ObjectInBucket,
  OffloadStates,
  RecordingCursor,
} from './sessions/session-files-repository.js';
export { toSession, toSessionFile, type SessionRow, type SessionFileRow } from './sessions/session-row.js';
export { TranscriptsRepository, type TranscriptSegmentOut } from './transcripts-repository.js';
export { MarkersRepository } from './markers-repository.js';
export { SpeakerEditsRepository, type StoredSpeakerEdit } from './speaker-edits-repository.js';
export { AnalysesRepository, type AnalysisRecord, type StoredAnalysis } from './analyses-repository.js';
export { AuditLog } from './audit-log-repository.js';
export { MediaFiles } from './media-files.js';
export { DeletionService, type DeletionOutcome, type DeleteOptions } from './deletion/deletion-service.js';
export { noChangeLog, type ChangeLog, type LibraryChange } from './change-log.js';
export { BulkDelete } from './deletion/bulk-delete.js';
export { StorageDebtsRepository, type StorageDebt } from './deletion/storage-debts-repository.js';
export { RowDeletionRepository } from './deletion/row-deletion-repository.js';
export type { RowDeleteWorkerInit, ToRowDeleteWorker, FromRowDeleteWorker } from './deletion/row-deleter.js';
export { FileReferencesRepository } from './files/file-references-repository.js';
export { ImportService } from './import/import-service.js';
export { safeFileName } from './import/meeting-import.js';
export { defaultZoomFolder } from './importers/list-folder.js';
export { seedLibrary } from './seed/seed-library.js';
export { seedRealisticLibrary } from './seed/realistic.js';
export { hashFile } from './files/copy-hash.js';
