/**
 * The modules, built top-down in dependency order: each gets, as arguments, the modules and services it uses.
 * Nothing is filled in later — no provider set after the fact, no registry other modules add to, no subscription
 * standing in for a call:
 *   the library's rows → jobs, settings → sync storage (the remote store and the cancelling of uploads, before
 *   the library deletes through them) → analysis → the library module (handed analysis's `afterImport`) → sync
 *   → video API → cleanup → devices (its outbox is built before the library's rows: the library's ChangeLog).
 * What a delete stops first is stated here, in order; the operations a higher module completes (a delete into
 * the trash, an analysis that downloads first) are typed options handed over in `gatherHandlers`.
 */
import {
  createAnalysisModule,
  forkLauncher,
  sourceWorkerScript,
  type AnalysisModule,
  type WorkerLauncher,
} from '../analysis/index.js';
import { createCleanupModule, TrashRepository } from '../cleanup/index.js';
import type { LibraryDb, WorkDb } from '../db/index.js';
import { createJobsModule } from '../jobs/index.js';
import { createLibraryModule, createLibraryRecords, hashFile, type LibraryRecords } from '../library/index.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import type { MediaSigner } from '../platform/media-signing.js';
import type { RunState } from '../platform/run-state.js';
import { createSettingsModule } from '../settings/index.js';
import { SessionActivities, type LibraryLayout } from '../storage/index.js';
import { createSyncModule, createSyncStorage, OffloadsRepository, type SyncModule } from '../sync/index.js';
import { createVideoApiModule } from '../video-api/index.js';
import { createDeviceOutbox } from '../devices/index.js';
import { buildDevices } from './build-devices.js';
import type { StartOptions } from './app-types.js';
import { restoreWorkerFor } from './restore-worker-entry.js';
import { rowDeleteWorkerFor } from './row-delete-worker-entry.js';
import type { Environment } from './environment.js';

/** What every module may be given: the connections, the platform services, the library folder's layout. */
export interface Foundation {
  options: StartOptions;
  env: Environment;
  db: LibraryDb;
  workDb: WorkDb;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  layout: LibraryLayout;
  signer: MediaSigner;
  /** This process owns the library (recovers, runs the queue); one-shot CLI commands do not. */
  owner: boolean;
  /** The owner's mark of a run in use / stopped cleanly (null for one-shot CLI commands). */
  runState: RunState | null;
  /** The previous owner stopped cleanly: start-up recovery need not walk every session folder. */
  previousStoppedCleanly: boolean;
}

export type Modules = ReturnType<typeof buildModules>;

function defaultAnalysisWorker(): { script: string; launch: WorkerLauncher } | null {
  const script = sourceWorkerScript();
  return script ? { script, launch: forkLauncher } : null;
}

/** The platform services every module gets. */
const platformOf = (f: Foundation) => ({ events: f.events, clock: f.clock, logger: f.logger });

export function buildModules(f: Foundation) {
  const { db, workDb, layout, env } = f;
  // The library's rows first: job events go to the coach the library says a session belongs to.
  // A file's offload state is sync's (`offloads`): the library asks it through OffloadStates.
  // This device's outbox before the library's rows: every edit records its change for the other devices in its own
  // transaction (issue 20); the rest of the devices module is built last, over what it applies changes through.
  const deviceParts = createDeviceOutbox({ db, env: env.processEnv, nowIso: () => f.clock.now().toISOString() });
  const records = createLibraryRecords({
    db,
    workDb,
    offloads: new OffloadsRepository(db),
    layout,
    changes: deviceParts.outbox,
    ...platformOf(f),
  });
  const coachOf = (id: string) => records.sessions.liveCoach(id);
  const jobs = createJobsModule({ workDb, ...platformOf(f), coachOf, concurrency: f.options.analysisConcurrency });
  const settings = createSettingsModule({
    db,
    defaults: env.defaultSettings,
    defaultWatchFolder: env.defaultWatchFolder,
  });
  // The remote store before the library: a delete removes a session's objects and cancels its uploads through it.
  const syncStorage = buildSyncStorage(f, { jobs, settings });
  // Analysis before the library's importers, which queue it.
  const analysis = buildAnalysis(f, { records, jobs, settings });
  const library = createLibraryModule({
    db,
    records,
    layout,
    queue: jobs.queue,
    settings: settings.services.settings,
    // A delete stops, in this order: the library's URL downloads (it puts them first), uploads, then every job.
    activities: new SessionActivities([...syncStorage.activities, ...jobs.activities]),
    remote: syncStorage.remote,
    afterImport: analysis.afterImport,
    ...platformOf(f),
    mediaTools: env.mediaTools,
    watchStableMs: f.options.watchStableMs,
    walkSessionFolders: !f.previousStoppedCleanly,
    rowDeleteWorker: rowDeleteWorkerFor(env.paths.database, f.options.nativeBinding, env.processEnv),
  });
  // The trash's rows: the cleanup module owns them; a restore from the bucket puts trashed sessions back there.
  const trashRows = new TrashRepository(db);
  const sync = buildSync(f, { syncStorage, jobs, settings, library, analysis, trashRows });
  const video = createVideoApiModule({
    library,
    analysis,
    layout,
    ...platformOf(f),
    retentionMs: env.transientRetentionMs,
  });
  const cleanup = buildCleanup(f, { syncStorage, jobs, settings, library, sync, trashRows });
  const devices = buildDevices(f, { parts: deviceParts, library, syncStorage, sync, cleanup });
  return { jobs, settings, library, analysis, sync, video, cleanup, devices };
}

type Jobs = ReturnType<typeof createJobsModule>;
type Settings = ReturnType<typeof createSettingsModule>;
type Library = ReturnType<typeof createLibraryModule>;
type SyncStorage = ReturnType<typeof createSyncStorage>;

function buildSyncStorage(f: Foundation, m: { jobs: Jobs; settings: Settings }) {
  return createSyncStorage({
    db: f.db,
    workDb: f.workDb,
    settingsStore: m.settings.services.store,
    env: f.env.processEnv,
    vault: f.options.secretVault ?? null,
    clock: f.clock,
    queue: m.jobs.queue,
  });
}

function buildAnalysis(f: Foundation, m: { records: LibraryRecords; jobs: Jobs; settings: Settings }) {
  return createAnalysisModule({
    library: m.records,
    queue: m.jobs.queue,
    settings: m.settings.services.settings,
    layout: f.layout,
    clock: f.clock,
    signer: f.signer,
    mediaTools: f.env.mediaTools,
    autoAnalyze: f.owner && f.env.autoAnalyze,
    worker: f.options.analysisWorker !== undefined ? f.options.analysisWorker : defaultAnalysisWorker(),
  });
}

function buildSync(
  f: Foundation,
  m: {
    syncStorage: SyncStorage;
    jobs: Jobs;
    settings: Settings;
    library: Library;
    analysis: AnalysisModule;
    trashRows: TrashRepository;
  },
) {
  return createSyncModule({
    storage: m.syncStorage,
    library: m.library.services,
    analyze: (actor, id, type) => m.analysis.services.analysis.enqueue(actor, id, type),
    db: f.db,
    workDb: f.workDb,
    settingsStore: m.settings.services.store,
    ...platformOf(f),
    layout: f.layout,
    env: f.env.processEnv,
    hashFile: (path) => hashFile(path),
    queue: m.jobs.queue,
    trash: m.trashRows,
    restoreWorker: restoreWorkerFor(f.env.paths.database, f.options.nativeBinding, f.env.processEnv),
  });
}

function buildCleanup(
  f: Foundation,
  m: {
    syncStorage: SyncStorage;
    jobs: Jobs;
    settings: Settings;
    library: Library;
    sync: SyncModule;
    trashRows: TrashRepository;
  },
) {
  return createCleanupModule({
    db: f.db,
    settingsStore: m.settings.services.store,
    library: { ...m.library.services, activities: m.library.activities },
    sync: {
      uploads: m.syncStorage.uploads,
      offloads: m.sync.services.offload.repo,
      manifests: m.sync.services.trashManifest,
      remote: m.syncStorage.remote,
    },
    ...platformOf(f),
    layout: f.layout,
    env: f.env.processEnv,
    queue: m.jobs.queue,
    owner: f.owner,
    trashRows: m.trashRows,
  });
}
