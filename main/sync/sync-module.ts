/**
 * The S3 sync module: every service, operation handler, job type and session activity of `main/sync/`, wired in
 * one place. The composition root calls createSyncModule once and spreads what it returns.
 */
import type { LibraryLayout } from '../storage/index.js';
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { RequestContext } from '../platform/request-context.js';
import { jobRegistration, type JobQueue, type JobRegistration } from '../jobs/index.js';
import type { AuditLog, ChangeLog } from '../library/index.js';
import type { LibraryDb, WorkDb } from '../db/index.js';
import type { SettingsRepository } from '../settings/index.js';
import type { LibraryService } from '../library/index.js';
import type { MarkersRepository } from '../library/index.js';
import type { SessionsRepository, StorageDebtsRepository } from '../library/index.js';
import type { AnalysesRepository, SpeakerEditsRepository, TranscriptsRepository } from '../library/index.js';
import { assertAdmin, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import { BackupService } from './backup-service.js';
import { BucketSync } from './bucket-sync.js';
import { RecordingsService } from './recordings-service.js';
import type { RetryPolicy } from './retry.js';
import { UploadControl } from './upload-control.js';
import { reconcileFailedUploads } from './upload-reconcile.js';
import { OffloadService } from './offload/offload-service.js';
import { createRestoreJobHandler, RESTORE_JOB } from './offload/restore-job.js';
import { createUploadJobHandler, UPLOAD_JOB } from './upload-job.js';
import { ManifestSigner } from './restore/manifest-signer.js';
import { SessionRestorer, type TrashRows } from './restore/session-restorer.js';
import { SessionRefresher } from './restore/session-refresher.js';
import { COMMIT_BUDGET_MS, createLibraryRestoreHandler, LIBRARY_RESTORE_JOB } from './restore/library-restore-job.js';
import { restoreWorkerOpener } from './restore/restore-worker-client.js';
import { RestoreRunsRepository } from './restore/restore-runs-repository.js';
import { RestoreCountsRepository } from './restore/restore-counts-repository.js';
import { RestoreService } from './restore/restore-service.js';
import { AnalyzeAfterDownload } from './restore/analyze-after-download.js';
import { PendingAnalysesRepository } from './restore/pending-analyses-repository.js';
import type { SyncStorage } from './sync-storage.js';
import { TRASH_MANIFEST_JOB, TrashManifest } from './trash-manifest.js';
import { VerifyRunsRepository } from './verify/verify-runs-repository.js';
import { createVerifyJobHandler, VERIFY_JOB, VerifyService } from './verify/verify-service.js';
import { VerifyScheduler } from './verify/verify-scheduler.js';

/** What sync uses of the library module (its services; the library never imports sync). */
export type SyncLibrary = {
  sessions: SessionsRepository;
  transcripts: TranscriptsRepository;
  analyses: AnalysesRepository;
  markers: MarkersRepository;
  /** Speaker renames and merges: backed up in the manifest, written back by a restore. */
  speakerEdits: SpeakerEditsRepository;
  library: LibraryService;
  audit: AuditLog;
  /** Sessions deleted here whose S3 objects are still owed (a bucket sync must not bring them back). */
  debts: Pick<StorageDebtsRepository, 'owesObjects'>;
  /** The devices' outbox (issue 20): a session whose backup is whole is announced to the other devices. */
  changes?: ChangeLog;
};

export interface SyncModuleDeps {
  /** Sync's lower part, built before the library: settings, clients, `uploads`, the remote store. */
  storage: SyncStorage;
  library: SyncLibrary;
  /** The analysis module's queueing: a session downloaded from the bucket first is analysed when it is here. */
  analyze: (actor: Actor, sessionId: string, analysisType?: 'full' | 'audio' | 'video') => { job_id: string };
  db: LibraryDb;
  /** The synchronous=NORMAL connection: restore runs and the analyses waiting for a restore are kept there. */
  workDb: WorkDb;
  /** The `settings` table (the verify schedule is one value in it). */
  settingsStore: SettingsRepository;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Every path rule of the library folder (storage's). */
  layout: LibraryLayout;
  env: NodeJS.ProcessEnv;
  hashFile: (path: string) => Promise<{ sha256: string; size: number }>;
  /** The shared job queue: uploads are `s3.upload` jobs. */
  queue: JobQueue;
  /** The cleanup module's `trash` rows: a session backed up from the trash is restored into the trash. */
  trash?: TrashRows;
  retry?: RetryPolicy;
  /** The restore worker's entry and the database it opens; null: "Restore from S3" writes on this thread. */
  restoreWorker?: { script: string; database: string; nativeBinding?: string } | null;
}

type SyncHandlers = Pick<FilmroomHandlers<RequestContext>, 'sync' | 'uploads' | 'recordings' | 'offload' | 'restore'>;

export function createSyncModule(moduleDeps: SyncModuleDeps) {
  const { storage, library, analyze, restoreWorker, ...rest } = moduleDeps;
  const { config, clients, uploads, writes, cancellation } = storage;
  // The services below take their dependencies as one flat object (built once here, not by the root).
  const deps = { ...rest, ...library };
  const enqueueUpload = (uploadId: string, sessionId: string) => {
    // One live job per upload: queueing an upload that has one (a resume, the start-up pass) queues nothing.
    deps.queue.enqueue(UPLOAD_JOB, { uploadId }, { sessionId, dedupeKey: `${UPLOAD_JOB.name}:${uploadId}` });
  };
  const signer = new ManifestSigner(clients, deps.env);
  const backup = new BackupService({ ...deps, uploads, config, enqueueUpload, signer });
  const control = new UploadControl({ ...deps, uploads, backup, config, cancellation, enqueueUpload });
  const recordings = new RecordingsService({ ...deps, uploads, backup, config, clients });
  const offload = new OffloadService({ ...deps, uploads, config, clients });
  const counts = new RestoreCountsRepository(deps.db);
  const restorer = new SessionRestorer({ ...deps, offloads: offload.repo, signer, counts });
  const trashManifest = new TrashManifest({ ...deps, backup, config, clients, writes });
  const bucketSync = new BucketSync({ ...deps, offloads: offload.repo, backup, config, clients, restorer });
  const refresher = new SessionRefresher({ ...deps, offloads: offload.repo, config, clients, restorer });
  const runs = new RestoreRunsRepository(deps.workDb);
  const restore = new RestoreService({ runs, counts, queue: deps.queue, config, clock: deps.clock });
  const openWorker = restoreWorker
    ? restoreWorkerOpener(
        {
          ...restoreWorker,
          libraryDir: deps.layout.root,
          credentials: async (c) => clients.get(c).config.credentials(),
          manifestKey: (c) => signer.keyFor(c),
          announce: (id) => deps.library.announce(id, 'session.created'),
          logger: deps.logger,
        },
        COMMIT_BUDGET_MS,
      )
    : undefined;
  const libraryRestoreHandler = createLibraryRestoreHandler({
    ...deps,
    restorer,
    runs,
    counts,
    config,
    clients,
    openWorker,
  });
  const verifyRuns = new VerifyRunsRepository(deps.db);
  const verify = new VerifyService({ ...deps, runs: verifyRuns, config, clients });
  const verifySchedule = new VerifyScheduler({
    ...deps,
    runs: verifyRuns,
    config,
    start: (sample) => verify.start('schedule', sample),
  });
  const uploadHandler = createUploadJobHandler({ ...deps, uploads, backup, config, clients });
  const restoreHandler = createRestoreJobHandler({ ...deps, offloads: offload.repo, config, clients });

  const analyzeAfterDownload = new AnalyzeAfterDownload({
    ...deps,
    offload,
    enqueue: analyze,
    pending: new PendingAnalysesRepository(deps.workDb),
    downloading: (sessionId) => deps.queue.activeForSession(sessionId, RESTORE_JOB) !== undefined,
  });

  const handlers: SyncHandlers = {
    sync: {
      getSettings: () => config.view(),
      updateSettings: (input) => config.update(input),
      testConnection: (input) => recordings.testConnection(input),
    },
    uploads: {
      syncSession: (input, { actor }) => backup.syncSession(actor, input.id),
      sessionUploads: (input, { actor }) => {
        config.require();
        return control.sessionUploads(actor, input.id);
      },
      list: (input, { actor }) => {
        config.require();
        return control.list(actor, input.state);
      },
      pause: (input, { actor }) => {
        config.require();
        return control.pause(actor, input.upload_id);
      },
      resume: (input, { actor }) => {
        config.require();
        return control.resume(actor, input.upload_id);
      },
      cancel: (input, { actor }) => {
        config.require();
        return control.cancel(actor, input.upload_id);
      },
    },
    recordings: {
      presignedUploadUrl: (input, { actor }) => recordings.presignedUpload(actor, input),
      confirmUpload: (input, { actor }) => recordings.confirmUpload(actor, input.upload_id),
      syncBucket: (_input, { actor }) => {
        assertAdmin(actor);
        return bucketSync.run();
      },
      download: (input, { actor }) => recordings.download(actor, input.session_id, input.expires_in),
      deleteRecording: (input, { actor }) => recordings.deleteRecording(actor, input.session_id),
      verify: (input, { actor }) => {
        assertAdmin(actor);
        return verify.start('manual', input.sample_rehash);
      },
      verifyRuns: (_input, { actor }) => {
        assertAdmin(actor);
        return verify.list();
      },
      verifySchedule: (_input, { actor }) => {
        assertAdmin(actor);
        return verifySchedule.get();
      },
      setVerifySchedule: (input, { actor }) => {
        assertAdmin(actor);
        return verifySchedule.set(input);
      },
    },
    restore: {
      start: (input, { actor }) => restore.start(actor, input.include_deleted),
      latest: (_input, { actor }) => restore.latest(actor),
    },
    offload: {
      candidates: (input, { actor }) => offload.candidates(actor, input.older_than_days),
      offload: (input, { actor }) => offload.offload(actor, input.id),
      restoreLocal: (input, { actor }) => offload.restoreLocal(actor, input.id),
    },
  };

  let unsubscribe: (() => void) | null = null;
  let startedAt = '';
  let reconciled: Promise<number> = Promise.resolve(0);

  return {
    services: {
      config,
      uploads,
      backup,
      control,
      recordings,
      bucketSync,
      /** Reads one held session's manifest again (another device's later backup, issue 20). */
      refresher,
      clients,
      offload,
      restore,
      verify,
      verifySchedule,
      trashManifest,
      analyzeAfterDownload,
      /** The library's signing key (manifests, and the devices' change objects). */
      signer,
      /** Resolves once the start-up reconcile of failed uploads has run (tests wait on it). */
      reconciled: () => reconciled,
    },
    handlers,
    name: 'sync' as const,
    jobTypes: [
      jobRegistration(UPLOAD_JOB, uploadHandler),
      jobRegistration(RESTORE_JOB, restoreHandler),
      jobRegistration(LIBRARY_RESTORE_JOB, libraryRestoreHandler),
      jobRegistration(VERIFY_JOB, createVerifyJobHandler(verify)),
      jobRegistration(TRASH_MANIFEST_JOB, trashManifest.jobHandler),
    ] as JobRegistration[],
    /**
     * Queues uploads a crash left without a job (the job queue itself re-queues jobs left running), and backs up
     * new sessions once they are ready when "auto backup" is on.
     */
    async start(): Promise<void> {
      await offload.recover();
      // After recover (which re-queues interrupted downloads): analyses that were waiting for them.
      analyzeAfterDownload.resume();
      verifySchedule.start();
      // In the background: a store that is slow or down must not hold up the API's start.
      reconciled = reconcileFailedUploads({ ...deps, uploads, backup, config, clients }).catch(() => 0);
      startedAt = deps.clock.now().toISOString();
      for (const u of uploads.active())
        // Presigned uploads (no file row until confirmed) are the other tool's to finish, not a job's. An upload
        // that still has its job (the queue re-queues those a crash left running) keeps it: the dedupe key.
        if (u.state !== 'paused' && u.file_id !== null) enqueueUpload(u.id, u.session_id);
      const inFlight = new Set<string>();
      unsubscribe = deps.events.subscribe((event) => {
        analyzeAfterDownload.onEvent(event);
        // The analysis marks a session ready inside its own connection's transaction, so the `session.changed`
        // it sends may still read the old status: the job's `done` event is the reliable signal; both are checked.
        // Only those that may mean "ready": a progress tick (up to 10 a second) or a session shown as anything
        // else reads no row.
        const id =
          event.type === 'session.changed'
            ? event.session.status === 'ready'
              ? event.session.id
              : null
            : event.type === 'job.progress' && event.state === 'done'
              ? event.session_id
              : null;
        if (!id || inFlight.has(id)) return;
        const row = deps.sessions.get(id);
        if (!row || row.status !== 'ready' || row.upload_state !== 'local_only' || row.created_at < startedAt) return;
        if (!config.current()?.autoBackup) return;
        inFlight.add(id);
        void backup
          .syncSession({ role: 'admin' }, id)
          .catch((error: Error) => deps.logger.warn({ id, error: error.message }, 'auto backup failed'))
          .finally(() => inFlight.delete(id));
      });
    },
    stop(): void {
      verifySchedule.stop();
      unsubscribe?.();
      clients.destroy();
    },
  };
}

export type SyncModule = ReturnType<typeof createSyncModule>;
