/**
 * Builds every service from its dependencies (plain constructor injection, one place). The Electron shell and
 * `filmroom serve` both get here through startFilmroom.
 */
import { setPriority } from 'node:os';
import type { ApiServerDeps } from './api/http-server.js';
import { MediaSigner } from './api/media-signing.js';
import { TokenStore } from './api/tokens.js';
import { ANALYSIS_JOB_TYPE, createAnalysisHandler, type AnalysisJobPayload } from './analysis/pipeline.js';
import { JobQueue } from './analysis/queue/job-queue.js';
import type { JobHandler } from './analysis/queue/types.js';
import { AnalysisService } from './analysis/session-jobs/analysis-service.js';
import { AnalysisWorkerClient } from './analysis/worker/worker-client.js';
import type { WorkerLauncher } from './analysis/worker/worker-channel.js';
import { VideoApiService } from './analysis/session-jobs/video-api-service.js';
import type { AnalysisData } from './analysis/types.js';
import { BulkDelete } from './cleanup/bulk-delete.js';
import { DeletionService } from './cleanup/deletion-service.js';
import { AuditLog } from './library/audit-log.js';
import type { Db } from './library/db.js';
import { copyIntoLibrary, hashFile } from './library/files/copy-hash.js';
import { moveIntoLibrary } from './library/files/move-into-library.js';
import { ImportService } from './library/import/import-service.js';
import { MeetingImporter, type FileOps } from './library/import/meeting-import.js';
import { URL_IMPORT_JOB, UrlImporter } from './library/import/url-import.js';
import { LibraryService } from './library/library-service.js';
import { MarkersRepository } from './library/markers-repository.js';
import { probeMedia } from './library/media-probe.js';
import { SessionsRepository } from './library/sessions/sessions-repository.js';
import { TranscriptsRepository } from './library/transcripts-repository.js';
import { createHandlers } from './handlers.js';
import { SettingsService } from './settings/settings-service.js';
import { WatchFolders } from './library/import/watch-folders.js';
import type { Settings } from '../shared/contract/settings.js';
import { ApiError } from '../shared/contract/errors.js';
import type { Clock } from './platform/clock.js';
import type { LibraryPaths } from './platform/data-dir.js';
import type { EventBus } from './platform/event-bus.js';
import { MediaToolsMissingError, type MediaTools } from './platform/ffmpeg-locate.js';
import type { Logger } from './platform/logger.js';
import type { SessionFilters } from '../shared/contract/sessions.js';
import type { ImportInput } from '../shared/contract/sessions.js';
import type { AnalysisType } from './analysis/analyze-file.js';
import type { AnalysisParams } from '../shared/contract/analysis.js';
import { createSyncModule } from './sync/module.js'; // S3 sync (issue 9)
import type { SecretVault } from './sync/config.js'; // S3 sync (issue 9)

export interface ServiceConfig {
  db: Db;
  /** Connection for job bookkeeping and analysis results (synchronous=NORMAL, see openWorkConnection); default db. */
  workDb?: Db;
  paths: LibraryPaths;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  mediaTools: MediaTools | null;
  /** Analysis jobs at once (default 2). */
  analysisConcurrency: number;
  /** Queue analysis of every new import (also a setting; this is the process-level switch). */
  autoAnalyze: boolean;
  defaultSettings: Settings;
  defaultWatchFolder: string;
  watchStableMs?: number;
  /** Lifetime of /video/upload sessions. */
  transientRetentionMs: number;
  /**
   * Run analyses in a worker process (see main/analysis/worker/analysis-worker.ts for why): its entry script and
   * how to start it. Null runs them in this process.
   */
  analysisWorker?: { script: string; launch: WorkerLauncher } | null;
  /** S3 sync (issue 9): where the S3 environment variables are read, and the desktop app's secret vault. */
  env?: NodeJS.ProcessEnv;
  secretVault?: SecretVault | null;
}

export type Services = ReturnType<typeof buildServices>;

/**
 * Analysis is background work: its ffmpeg children run at a lower CPU priority so the UI and the API (status
 * pollers, the session table) stay responsive on a 2-core machine while both cores decode.
 */
function lowerPriority(pid: number): void {
  try {
    setPriority(pid, 19);
  } catch {
    // not permitted on this OS: run at normal priority
  }
}

export function buildServices(config: ServiceConfig) {
  const { db, paths, clock, logger, events } = config;
  const now = () => clock.now().toISOString();
  const requireTools = (): MediaTools => {
    if (config.mediaTools) return config.mediaTools;
    throw new ApiError(503, new MediaToolsMissingError('ffmpeg').message);
  };

  const sessions = new SessionsRepository(db);
  const transcripts = new TranscriptsRepository(db);
  const markers = new MarkersRepository(db);
  const audit = new AuditLog(db, now);
  const tokens = new TokenStore(db, now);
  const signer = new MediaSigner(() => clock.now().getTime());
  const library = new LibraryService({ sessions, transcripts, events, clock });
  // Background work writes through its own connection, so progress ticks never fsync on the API's event loop.
  const workDb = config.workDb ?? db;
  const analysis = new AnalysisService({
    db: workDb,
    sessions: workDb === db ? sessions : new SessionsRepository(workDb),
    library,
    transcripts,
    events,
    clock,
    logger,
    libraryDir: paths.libraryDir,
  });
  // --- S3 sync (issue 9) ---
  const sync = createSyncModule({
    db,
    sessions,
    transcripts,
    markers,
    library,
    audit,
    events,
    clock,
    logger,
    libraryDir: paths.libraryDir,
    env: config.env ?? process.env,
    vault: config.secretVault ?? null,
    hashFile: (path) => hashFile(path),
    jobs: () => queue,
  });
  // --- end S3 sync ---
  const deletion = new DeletionService({
    db,
    sessions,
    audit,
    events,
    clock,
    logger,
    libraryDir: paths.libraryDir,
    activities: [analysis, ...sync.activities],
    objectStore: sync.objectStore,
  });
  const files: FileOps = {
    copyIntoLibrary: (src, dest, opts) => copyIntoLibrary(src, dest, opts),
    moveIntoLibrary: (src, dest, opts) => moveIntoLibrary(src, dest, opts),
    hashFile: (path, opts) => hashFile(path, opts),
    probe: (path) => probeMedia(requireTools().ffprobe, path),
  };
  const importProgress = (sessionId: string, source: string, bytesDone: number, bytesTotal: number | null) => {
    const coach = sessions.get(sessionId)?.coach_id ?? 'default';
    events.emit({
      type: 'import.progress',
      import_id: sessionId,
      source,
      bytes_done: bytesDone,
      bytes_total: bytesTotal,
      coach_id: coach,
    });
  };
  const onImported = (id: string, status: 'uploaded' | 'failed') => {
    if (config.autoAnalyze && settings.get().auto_analyze && config.mediaTools && status === 'uploaded')
      analysis.enqueue({ role: 'admin' }, id, 'full');
  };
  const meetings = new MeetingImporter({
    db,
    sessions,
    transcripts,
    markers,
    library,
    files,
    clock,
    libraryDir: paths.libraryDir,
    onProgress: importProgress,
    onImported,
  });
  const urls = new UrlImporter({
    db,
    sessions,
    library,
    files,
    clock,
    libraryDir: paths.libraryDir,
    incomingDir: paths.incomingDir,
    enqueue: (importId, sessionId) => queue.enqueue(URL_IMPORT_JOB, { importId }, { sessionId, maxAttempts: 8 }),
    onProgress: importProgress,
    onImported,
  });
  const imports = new ImportService({
    sessions,
    meetings,
    urls,
    clock,
    logger,
    libraryDir: paths.libraryDir,
    incomingDir: paths.incomingDir,
    defaultCoachId: 'default',
  });
  const settings = new SettingsService(db, config.defaultSettings, config.defaultWatchFolder);
  const watchFolders = new WatchFolders({ db, imports, logger, stableMs: config.watchStableMs });
  const bulkDelete = new BulkDelete({ db, sessions, deletion, clock, libraryDir: paths.libraryDir });
  const video = new VideoApiService({
    db,
    sessions,
    analysis,
    deletion,
    clock,
    logger,
    libraryDir: paths.libraryDir,
    retentionMs: config.transientRetentionMs,
  });

  const worker = config.analysisWorker
    ? new AnalysisWorkerClient(config.analysisWorker.script, config.analysisWorker.launch)
    : null;
  // The analysis handler is built lazily so a library without ffmpeg still opens (jobs then fail with the reason).
  const analysisHandler: JobHandler<AnalysisJobPayload> = async (context) => {
    const inner = createAnalysisHandler({
      tools: requireTools(),
      parallel: 2,
      onStage1: (job, data) => analysis.onStage1(job, data),
      // In the worker, ffmpeg inherits the worker's background priority; in this process it is lowered per child.
      onSpawn: worker ? undefined : lowerPriority,
      analyze: worker?.analyzeFile,
    });
    const outcome = await inner(context);
    if (outcome.status !== 'done') return outcome;
    analysis.onDone(context.job, outcome.result as AnalysisData);
    return { status: 'done' }; // the data is kept once, in `analyses` (onDone), not again in jobs.result
  };
  const queue = new JobQueue({
    db: workDb,
    handlers: {
      [ANALYSIS_JOB_TYPE]: analysisHandler as JobHandler<never>,
      [URL_IMPORT_JOB]: urls.handler as JobHandler<never>,
      ...Object.fromEntries(sync.jobTypes.map((t) => [t.name, t.handler as JobHandler<never>])), // S3 sync
    },
    concurrency: config.analysisConcurrency,
    now: () => clock.now().getTime(),
    emit: (event) => analysis.onJobEvent(event),
  });
  analysis.attachQueue(queue);

  const handlers = {
    ...sync.handlers, // S3 sync (issue 9)
    ...createHandlers({
      sessions,
      library,
      imports,
      deletion,
      bulkDelete,
      analysis,
      video,
      markers,
      transcripts,
      signer,
      settings,
      clock,
      libraryDir: paths.libraryDir,
    }),
  };

  const http: Pick<ApiServerDeps, 'streams' | 'uploads' | 'media'> = {
    streams: {
      'sessions:exportCsv': (input, ctx) => library.csv(ctx.actor, input as SessionFilters),
    },
    uploads: {
      'sessions:import': (file, name, fields, ctx) =>
        imports.importUpload(ctx.actor, file, name, fields as () => Promise<Omit<ImportInput, 'path' | 'url'>>),
      'video:upload': (file, name, fields, ctx) =>
        video.upload(
          ctx.actor,
          file,
          name,
          fields as () => Promise<{ analysis_type: AnalysisType; params?: AnalysisParams }>,
        ),
    },
    media: { sessions, library, signer, libraryDir: paths.libraryDir },
  };

  return {
    sessions,
    transcripts,
    markers,
    audit,
    tokens,
    library,
    analysis,
    deletion,
    imports,
    settings,
    watchFolders,
    bulkDelete,
    video,
    queue,
    sync, // S3 sync (issue 9)
    /** Stops the analysis worker process (after queue.stop()). */
    /** Starts the analysis worker process now rather than at the first analysis (no-op without ffmpeg). */
    warmAnalysisWorker: () => {
      if (config.mediaTools) worker?.warm();
    },
    closeAnalysisWorker: () => worker?.close(),
    handlers,
    http,
  };
}
