/**
 * The composition root: opens the library, builds the modules in dependency order (platform → db → storage →
 * jobs, settings → library → analysis, sync → video API → cleanup), registers their job
 * types and session activities, starts them, then the HTTP transport. Shared by `filmroom serve` and the Electron
 * main process. Adding a module is one entry in `modules`; adding a job type is one entry in its module.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalysisModule, forkLauncher, sourceWorkerScript, type WorkerLauncher } from '../analysis/index.js';
import { startApiServer, TokenStore } from '../api/index.js';
import { openDatabase, openWorkConnection, type LibraryDb, type WorkDb } from '../db/index.js';
import { createJobsModule, type JobRegistration } from '../jobs/index.js';
import { createLibraryModule, hashFile } from '../library/index.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { makeDataDirPrivate } from '../platform/data-dir.js';
import { EventBus } from '../platform/event-bus.js';
import type { HttpVariants } from '../platform/http-variants.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { MediaSigner } from '../platform/media-signing.js';
import { createSettingsModule } from '../settings/index.js';
import { LibraryLayout, RemoteStorage, SessionActivities } from '../storage/index.js';
import { createVideoApiModule } from '../video-api/index.js';
import { createCleanupModule, TrashRepository } from '../cleanup/index.js';
import { createSyncModule } from '../sync/index.js';
import type { FilmroomApp, StartOptions } from './app-types.js';
import { mergeHandlers } from './merge-handlers.js';
import { resolveEnvironment } from './environment.js';

export type { FilmroomApp, StartOptions } from './app-types.js';

/** What the root needs of every module; each returns more (its services) for the modules above it. */
interface AppModule {
  readonly name: string;
  readonly handlers?: object;
  /** Operations of a lower module this one extends (e.g. delete → move to the trash), by channel. */
  readonly wraps?: Readonly<Record<string, (inner: unknown) => unknown>>;
  readonly http?: Partial<HttpVariants>;
  readonly jobTypes?: readonly JobRegistration[];
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

function defaultAnalysisWorker(): { script: string; launch: WorkerLauncher } | null {
  const script = sourceWorkerScript();
  return script ? { script, launch: forkLauncher } : null;
}

/**
 * The restore worker's entry beside this file (the .ts source in a checkout, the bundled .js of a build); none
 * found, or FILMROOM_RESTORE_IN_PROCESS=1 (the bench's before/after), and a restore writes on the API's thread.
 */
function restoreWorkerFor(database: string, nativeBinding: string | undefined, env: NodeJS.ProcessEnv) {
  if (env.FILMROOM_RESTORE_IN_PROCESS === '1') return null;
  for (const name of ['./restore-worker.ts', './restore-worker.js']) {
    const script = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(script)) return { script, database, ...(nativeBinding ? { nativeBinding } : {}) };
  }
  return null;
}

export async function startFilmroom(options: StartOptions): Promise<FilmroomApp> {
  const logger: Logger = options.logger ?? createLogger();
  const clock: Clock = options.clock ?? systemClock;
  const env = resolveEnvironment(options, logger);
  const { paths, mediaTools } = env;
  // The process that owns the library recovers interrupted work and runs the queue; one-shot CLI commands must
  // not, or they would remove the `.part` file of an import the running app is writing.
  const owner = options.recover ?? true;
  const startupMs: Record<string, number> = {};
  let lap = performance.now();
  const timed = (step: string) => {
    const t = performance.now();
    startupMs[step] = Math.round(t - lap);
    lap = t;
  };

  const db: LibraryDb = await openDatabase(paths.database, { nativeBinding: options.nativeBinding });
  makeDataDirPrivate(paths); // and the database files it just created: 0600
  let workDb: WorkDb;
  try {
    workDb = openWorkConnection(paths.database, { nativeBinding: options.nativeBinding });
  } catch (error) {
    db.close();
    throw error;
  }
  timed('database');

  const events = new EventBus();
  const layout = new LibraryLayout(paths.libraryDir, paths.incomingDir);
  const activities = new SessionActivities();
  const remote = new RemoteStorage();
  const signer = new MediaSigner(() => clock.now().getTime());
  const tokens = new TokenStore(db, () => clock.now().toISOString());

  // Modules, in dependency order: each gets what the ones before it returned.
  const jobs = createJobsModule({ workDb, events, clock, logger, concurrency: options.analysisConcurrency });
  const settings = createSettingsModule({
    db,
    defaults: env.defaultSettings,
    defaultWatchFolder: env.defaultWatchFolder,
  });
  const library = createLibraryModule({
    db,
    workDb,
    layout,
    queue: jobs.queue,
    settings: settings.services.settings,
    activities,
    remote,
    events,
    clock,
    logger,
    mediaTools,
    watchStableMs: options.watchStableMs,
  });
  const analysis = createAnalysisModule({
    library,
    queue: jobs.queue,
    settings: settings.services.settings,
    layout,
    clock,
    signer,
    mediaTools,
    autoAnalyze: owner && env.autoAnalyze,
    worker: options.analysisWorker !== undefined ? options.analysisWorker : defaultAnalysisWorker(),
  });
  // The trash's rows: the cleanup module owns them; a restore from the bucket puts trashed sessions back there.
  const trashRows = new TrashRepository(db);
  const sync = createSyncModule({
    trash: trashRows,
    restoreWorker: restoreWorkerFor(paths.database, options.nativeBinding, env.processEnv),
    db,
    workDb,
    settingsStore: settings.services.store,
    sessions: library.services.sessions,
    transcripts: library.services.transcripts,
    analyses: library.services.analyses,
    markers: library.services.markers,
    speakerEdits: library.services.speakerEdits,
    library: library.services.library,
    audit: library.services.audit,
    debts: library.services.debts,
    events,
    clock,
    logger,
    libraryDir: layout.root,
    env: env.processEnv,
    vault: options.secretVault ?? null,
    hashFile: (path) => hashFile(path),
    queue: jobs.queue,
    remote,
    activities,
  });
  const video = createVideoApiModule({
    library,
    analysis,
    layout,
    clock,
    logger,
    retentionMs: env.transientRetentionMs,
  });
  const cleanup = createCleanupModule({
    trashRows,
    manifests: sync.services.trashManifest,
    db,
    settingsStore: settings.services.store,
    sessions: library.services.sessions,
    references: library.services.references,
    debts: library.services.debts,
    uploads: sync.services.uploads,
    offloads: sync.services.offload.repo,
    library: library.services.library,
    deletion: library.services.deletion,
    bulkDelete: library.services.bulkDelete,
    events,
    clock,
    logger,
    libraryDir: layout.root,
    env: env.processEnv,
    activities,
    remote,
    queue: jobs.queue,
    owner,
  });
  const modules: readonly AppModule[] = [settings, library, analysis, sync, video, cleanup];

  activities.register(...jobs.activities);
  for (const module of modules) for (const registration of module.jobTypes ?? []) jobs.queue.register(registration);
  const handlers = mergeHandlers(
    modules.map((m) => m.handlers ?? {}),
    modules.map((m) => m.wraps ?? {}),
  );
  timed('modules built');
  const variants: HttpVariants = { streams: {}, uploads: {} };
  for (const module of modules) {
    Object.assign(variants.streams, module.http?.streams);
    Object.assign(variants.uploads, module.http?.uploads);
  }

  let api: FilmroomApp['api'] = null;
  let server: FilmroomApp['server'] = null;
  const started: AppModule[] = [];
  const stop = async () => {
    await server?.close();
    // Running work first (its handlers still use the modules), then the modules, last started first.
    if (owner) await jobs.stop();
    for (const module of started.reverse()) await module.stop?.();
    workDb.close();
    db.close();
  };
  let adminToken: string;
  try {
    if (owner) {
      for (const module of modules) {
        started.push(module);
        await module.start?.();
        timed(`${module.name} start`);
      }
      jobs.start();
    }
    adminToken = tokens.ensureAdminToken(paths.tokenFile);
    if (options.port !== undefined) {
      const running = await startApiServer(
        {
          handlers,
          tokens,
          events,
          logger,
          version: env.version,
          rendererDir: options.rendererDir,
          variants,
          media: { files: library.services.media, signer },
          libraryDir: layout.root,
          uploadIdleMs: options.uploadIdleMs,
        },
        options.port,
        paths.apiInfoFile,
      );
      server = running.server;
      api = { url: running.url, port: running.port };
      timed('listening');
    }
  } catch (error) {
    await stop().catch(() => undefined); // a port in use must not leave the database open
    throw error;
  }

  return {
    handlers,
    events,
    api,
    server,
    dataDir: paths.dataDir,
    paths,
    db,
    adminToken,
    tokens,
    mediaTools,
    startupMs,
    services: {
      queue: jobs.queue,
      settings: settings.services.settings,
      ...library.services,
      ...analysis.services,
      ...video.services,
      cleanup: cleanup.services,
      sync: sync.services,
    },
    close: stop,
  };
}
