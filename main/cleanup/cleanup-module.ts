/**
 * The cleanup subsystem in one place: config, runs (as jobs), scheduler, trash and storage, with their operation
 * handlers and job type. The composition root calls `createCleanupModule` once, registers `jobTypes` with the job
 * queue, merges `handlers`, hands `services.trash` to the library's delete (`trash: true`), and calls `start()` /
 * `stop()` in the owner.
 */
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { RequestContext } from '../platform/request-context.js';
import { jobRegistration, type JobHandler, type JobQueue, type JobRegistration } from '../jobs/index.js';
import type { LibraryDb } from '../db/index.js';
import type { SettingsRepository } from '../settings/index.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import { CleanupConfigService } from './cleanup-config.js';
import { CLEANUP_JOB, CleanupRuns, type CleanupJobPayload } from './cleanup-runs.js';
import { CleanupRunsRepository } from './cleanup-runs-repository.js';
import type { ActiveUploads, OffloadedFiles } from './sync-tables.js';
import { TrashRepository } from './trash-repository.js';
import type {
  BulkDelete,
  DeletionService,
  FileReferencesRepository,
  LibraryService,
  SessionsRepository,
  StorageDebtsRepository,
  ChangeLog,
} from '../library/index.js';
import type { LibraryLayout, RemoteStorage, SessionActivities } from '../storage/index.js';
import { CleanupScheduler } from './scheduler.js';
import { StorageService } from './storage-service.js';
import { TrashService, type TrashDeps } from './trash-service.js';

/** What cleanup uses of the library module (its services). */
export interface CleanupLibrary {
  sessions: SessionsRepository;
  /** What references a file on disk, and the `storage_debts` rows. */
  references: FileReferencesRepository;
  debts: StorageDebtsRepository;
  library: LibraryService;
  deletion: DeletionService;
  bulkDelete: BulkDelete;
  /** Work that runs on behalf of a session (jobs, uploads, downloads): stopped when it goes to the trash. */
  activities: SessionActivities;
  /** Told of moves into and out of the trash (the devices module's outbox, issue 20). */
  changes: ChangeLog;
}

/** What cleanup uses of the sync module (its SQL stays with sync). */
export interface CleanupSync {
  uploads: ActiveUploads;
  offloads: OffloadedFiles;
  /** A backed-up session's manifest carries its trash state. */
  manifests?: TrashDeps['manifests'];
  /** The S3 store (listing, multipart uploads, deletes) while S3 is configured. */
  remote?: RemoteStorage;
}

export interface CleanupModuleDeps {
  db: LibraryDb;
  /** The `settings` table: cleanup settings and the scheduler's first-run stamp live there. */
  settingsStore: SettingsRepository;
  library: CleanupLibrary;
  sync: CleanupSync;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /** Every path rule of the library folder (storage's). */
  layout: LibraryLayout;
  env: NodeJS.ProcessEnv;
  /** The job queue; `owner`: this process runs it (one-shot CLI commands execute runs directly). */
  queue: JobQueue;
  owner: boolean;
  /** The `trash` rows, built by the composition root (sync restores sessions into the trash too). */
  trashRows?: TrashRepository;
}

type Handlers = FilmroomHandlers<RequestContext>;
export type CleanupHandlers = Pick<Handlers, 'cleanup' | 'trash' | 'storage'>;

const SCHEDULER_SINCE_KEY = 'cleanup_state.scheduler_since';

export function createCleanupModule(moduleDeps: CleanupModuleDeps) {
  const { library, sync, ...rest } = moduleDeps;
  const deps = { ...rest, ...library, ...sync };
  const { db, clock, logger } = deps;
  const config = new CleanupConfigService({ store: deps.settingsStore, env: deps.env, layout: deps.layout });
  // The repositories are built once here, so their statements are prepared once for every run and request.
  const trashRepo = deps.trashRows ?? new TrashRepository(db);
  const trash = new TrashService({
    trash: trashRepo,
    jobs: deps.queue,
    sessions: deps.sessions,
    library: deps.library,
    deletion: deps.deletion,
    activities: () => deps.activities.all(),
    events: deps.events,
    clock,
    retentionDays: () => config.get().trash_retention_days,
    manifests: deps.manifests,
    changes: deps.changes,
  });
  const storage = new StorageService({
    sessions: deps.sessions,
    trash: trashRepo,
    settingsStore: deps.settingsStore,
    offloads: deps.offloads,
    layout: deps.layout,
  });
  const runs = new CleanupRuns({
    repo: new CleanupRunsRepository(db),
    jobActive: (jobId) => deps.queue.isActive(jobId),
    clock,
    logger,
    config,
    queue: deps.owner ? deps.queue : null,
    run: {
      sources: { references: deps.references, jobs: deps.queue, uploads: deps.uploads },
      debts: deps.debts,
      sessions: deps.sessions,
      deletion: deps.deletion,
      bulkDelete: deps.bulkDelete,
      trash,
      clock,
      layout: deps.layout,
      objectStore: () => deps.remote?.current() ?? null,
    },
  });
  const scheduler = new CleanupScheduler({
    clock,
    scheduleHour: () => config.get().cleanup_schedule_hour,
    autoOnStartup: () => config.get().auto_cleanup_on_startup,
    lastScheduledAt: () => runs.lastScheduledAt(),
    since: () => schedulerSince(deps.settingsStore, clock),
    busy: () => runs.busy(),
    request: (trigger) => runs.request('all', trigger),
  });

  const runCleanupJob: JobHandler<CleanupJobPayload> = async ({ job, signal }) => {
    const { run_id } = job.payload;
    try {
      await runs.execute(run_id, signal);
      return { status: 'done' };
    } catch (error) {
      if (signal.aborted || job.attempts < job.maxAttempts) throw error; // back to the queue
      runs.fail(run_id, (error as Error).message);
      return { status: 'failed', error: (error as Error).message };
    }
  };
  const jobTypes: JobRegistration[] = [jobRegistration(CLEANUP_JOB, runCleanupJob)];

  const handlers: CleanupHandlers = {
    cleanup: {
      config: () => config.get(),
      updateConfig: (input) => config.update(input),
      status: async () => {
        const potential = await runs.run('all', 'manual', true);
        const n = potential.orphaned_files_count + potential.failed_sessions_count + potential.trash_purged.length;
        return {
          success: potential.error_count === 0,
          message:
            n === 0 ? 'Nothing to clean up' : `${n} item(s) could be cleaned up (${potential.total_space_freed_mb} MB)`,
          potential_cleanup: potential,
        };
      },
      orphanedFiles: (input) => runs.run('orphaned-files', 'manual', input.dry_run),
      failedSessions: (input) => runs.run('failed-sessions', 'manual', input.dry_run),
      all: (input) => runs.run('all', 'manual', input.dry_run),
      history: () => runs.history(),
    },
    trash: {
      list: (input, { actor }) => trash.list(actor, input),
      restore: (input, { actor }) => trash.restore(actor, input.id),
      remove: async (input, { actor }) => {
        await trash.deleteForGood(actor, input.id);
        return null;
      },
      empty: async (_input, { actor }) => {
        const outcome = await trash.empty(actor);
        return { deleted_count: outcome.deleted.length, bytes_freed: outcome.bytesFreed, errors: outcome.errors };
      },
    },
    storage: {
      get: (_input, { actor }) => storage.report(actor),
      setQuota: async (input, { actor }) => {
        storage.setQuota(input.quota_bytes);
        return storage.report(actor);
      },
    },
  };

  return {
    name: 'cleanup' as const,
    services: { config, trash, storage, runs, scheduler },
    handlers,
    jobTypes,
    /** Owner process only: finishes what a crash left, then schedules. Runs before the queue starts. */
    async start(): Promise<void> {
      await trash.resumePurges();
      for (const id of trash.withPendingWork()) await trash.stopWork(id);
      runs.resume();
      scheduler.start();
    },
    stop(): void {
      scheduler.stop();
    },
  };
}

export type CleanupModule = ReturnType<typeof createCleanupModule>;

/** The first time this library ran the scheduler; stored so a fresh library never "catches up" on its first day. */
function schedulerSince(store: SettingsRepository, clock: Clock): string {
  return store.putIfAbsent(SCHEDULER_SINCE_KEY, clock.now().toISOString()) as string;
}
