/**
 * The library module: sessions, imports (files, folders, uploads, URLs, watch folders), transcripts, markers,
 * deletion. Everything above it (analysis, sync, the video API, cleanup) builds on what this returns.
 */
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { ImportInput, SessionFilters } from '../../shared/contract/sessions.js';
import type { LibraryDb } from '../db/index.js';
import { jobRegistration, type JobQueue, type JobRegistration } from '../jobs/index.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import { requireMediaTools, type MediaTools } from '../platform/ffmpeg-locate.js';
import type { HttpVariants } from '../platform/http-variants.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from '../platform/request-context.js';
import type { SettingsService } from '../settings/index.js';
import type { LibraryLayout, RemoteStorage, SessionActivities } from '../storage/index.js';
import type { LibraryRecords } from './library-records.js';
import { BulkDelete } from './deletion/bulk-delete.js';
import { DeletionService } from './deletion/deletion-service.js';
import { DeletionQueueRepository } from './deletion/deletion-queue-repository.js';
import { createRowDeleter, type RowDeleteWorkerInit } from './deletion/row-deleter.js';
import { copyIntoLibrary, hashFile } from './files/copy-hash.js';
import { moveIntoLibrary } from './files/move-into-library.js';
import { reviewHandlers } from './handlers/review-handlers.js';
import { sessionsHandlers, type TrashBin } from './handlers/sessions-handlers.js';
import { systemHandlers } from './handlers/system-handlers.js';
import { ImportService } from './import/import-service.js';
import { ImportsRepository } from './import/imports-repository.js';
import { MeetingImporter, type FileOps } from './import/meeting-import.js';
import { FOLDER_IMPORT_JOB, FolderImportJobs } from './import/folder-import-job.js';
import { URL_IMPORT_JOB, UrlImporter } from './import/url-import.js';
import { WatchFolders } from './import/watch-folders.js';
import { MediaFiles } from './media-files.js';
import { probeCreationTime } from './importers/creation-time.js';
import type { GroupingOptions } from './importers/group-meetings.js';
import { probeMedia } from './media-probe.js';
import { ReviewService } from './review-service.js';
import { WatchedItemsRepository } from './watch/watched-items-repository.js';

export interface LibraryModuleDeps {
  db: LibraryDb;
  /** The library's rows and reads (built first: analysis needs them before the importers need analysis). */
  records: LibraryRecords;
  layout: LibraryLayout;
  queue: JobQueue;
  settings: SettingsService;
  /** What a delete stops before storage goes, in the root's order (the library puts its URL downloads first). */
  activities: SessionActivities;
  /** The sync module's store (built before the library; none while S3 is not configured). */
  remote: RemoteStorage;
  /** Called with every session an import finished (analysis queues the ready ones). */
  afterImport: ImportedListener;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  mediaTools: MediaTools | null;
  /** How long a watched meeting's files must stay unchanged before import (default 5 s; tests shorten it). */
  watchStableMs?: number;
  /**
   * Whether start-up recovery walks every session folder (default): only needed when the previous run did not stop
   * cleanly (platform/run-state.ts), which the composition root knows.
   */
  walkSessionFolders?: boolean;
  /** The row-delete worker's entry and database (null or absent: a bulk delete's rows go on this thread). */
  rowDeleteWorker?: RowDeleteWorkerInit | null;
}

export type ImportedListener = (sessionId: string, status: 'uploaded' | 'failed') => void;

export type LibraryModule = ReturnType<typeof createLibraryModule>;

export function createLibraryModule(deps: LibraryModuleDeps) {
  const { db, layout, clock, events, logger } = deps;
  const { sessions, transcripts, markers, audit, library, debts } = deps.records;
  const review = new ReviewService({
    library,
    transcripts,
    markers,
    settings: deps.settings,
    clock,
    changes: deps.records.changes,
    transaction: (fn) => sessions.transaction(fn),
  });
  const media = new MediaFiles({ library, sessions, layout, remote: deps.remote });
  // A delete or trash stops the session's download and removes its part file (the queue's own activity would only
  // stop the job, leaving the import row `running` and its `.part` in `.incoming/`): first, then what the root gave.
  const activities = deps.activities.after({
    name: 'url-imports',
    cancelForSession: (id) => urls.cancelForSession(id),
  });
  const rows = createRowDeleter(db, deps.rowDeleteWorker ?? null, logger);
  const deletion = new DeletionService({
    db,
    library,
    sessions,
    debts,
    queue: new DeletionQueueRepository(db),
    audit,
    events,
    clock,
    logger,
    layout,
    activities,
    remote: deps.remote,
    changes: deps.records.changes,
    rows,
  });
  const bulkDelete = new BulkDelete({ sessions, deletion, clock, layout });

  const files: FileOps = {
    copyIntoLibrary: (src, dest, opts) => copyIntoLibrary(src, dest, opts),
    moveIntoLibrary: (src, dest, opts) => moveIntoLibrary(src, dest, opts),
    hashFile: (path, opts) => hashFile(path, opts),
    probe: (path) => probeMedia(requireMediaTools(deps.mediaTools).ffprobe, path),
  };
  // Every way files become meetings (path, upload, URL, watch folder) dates a loose recording the same way: by the
  // container's creation_time when it states one (ffprobe; without ffprobe, the modification time as before).
  const grouping: GroupingOptions = {
    creationTime: async (path) =>
      deps.mediaTools ? probeCreationTime(deps.mediaTools.ffprobe, path, clock.now().getTime()) : null,
  };
  // The coach an import's progress events go to, read at its first event rather than at every one.
  const importCoach = new Map<string, string>();
  const importProgress = (sessionId: string, source: string, bytesDone: number, bytesTotal: number | null) => {
    let coach = importCoach.get(sessionId);
    if (coach === undefined) {
      if (importCoach.size >= 1000) importCoach.clear(); // imports that ended without a word (a delete)
      coach = sessions.get(sessionId)?.coach_id;
      if (coach !== undefined) importCoach.set(sessionId, coach); // no row yet: asked again at the next event
    }
    events.emit({
      type: 'import.progress',
      import_id: sessionId,
      source,
      bytes_done: bytesDone,
      bytes_total: bytesTotal,
      coach_id: coach ?? 'default',
    });
  };
  const onImported: ImportedListener = (id, status) => {
    importCoach.delete(id);
    deps.afterImport(id, status);
  };
  const meetings = new MeetingImporter({
    db,
    sessions,
    transcripts,
    markers,
    library,
    files,
    clock,
    layout,
    onProgress: importProgress,
    onImported,
    logger: deps.logger,
  });
  const urls = new UrlImporter({
    db,
    imports: new ImportsRepository(db),
    sessions,
    library,
    files,
    clock,
    layout,
    queue: deps.queue,
    grouping,
    onProgress: importProgress,
    onImported,
    logger: deps.logger,
  });
  const folderJobs = new FolderImportJobs({ meetings, queue: deps.queue, grouping });
  const imports = new ImportService({
    folderJobs,
    sessions,
    meetings,
    urls,
    clock,
    logger,
    layout,
    defaultCoachId: 'default',
    grouping,
    allowLocalUrls: () => deps.settings.get().url_import_allow_local,
    probe: deps.mediaTools ? (path) => files.probe(path) : undefined,
  });
  const watchFolders = new WatchFolders({
    watched: new WatchedItemsRepository(db),
    imports,
    logger,
    grouping,
    stableMs: deps.watchStableMs,
  });

  /** The library's operations; a delete with `trash: true` goes to the trash the root hands in (cleanup's). */
  const handlers = (options: {
    trash: TrashBin;
  }): Pick<FilmroomHandlers<RequestContext>, 'system' | 'sessions' | 'review'> => ({
    system: systemHandlers(library),
    sessions: sessionsHandlers({ library, imports, folderJobs, deletion, bulkDelete, trash: options.trash }),
    review: reviewHandlers(review),
  });
  const http: Partial<HttpVariants> = {
    streams: { 'sessions:exportCsv': (input, ctx) => library.csv(ctx.actor, input as SessionFilters) },
    uploads: {
      'sessions:import': (file, name, fields, ctx, nextFile) =>
        imports.importUpload(
          ctx.actor,
          file,
          name,
          fields as () => Promise<Omit<ImportInput, 'path' | 'url'>>,
          nextFile,
        ),
    },
  };
  const jobTypes: JobRegistration[] = [
    jobRegistration(URL_IMPORT_JOB, urls.handler),
    jobRegistration(FOLDER_IMPORT_JOB, folderJobs.handler),
  ];

  return {
    name: 'library' as const,
    services: {
      ...deps.records,
      review,
      media,
      imports,
      deletion,
      bulkDelete,
      watchFolders,
    },
    /** Every session activity in the order a delete or a move to the trash stops them. */
    activities,
    handlers,
    http,
    jobTypes,
    /** Start-up work of the process that owns the library: finish interrupted deletes and imports, watch folders. */
    async start(): Promise<void> {
      await deletion.resumePending();
      await imports.recoverInterrupted({ walkFolders: deps.walkSessionFolders ?? true });
      void watchFolders.apply(deps.settings.get());
      deps.settings.onChange((settings) => void watchFolders.apply(settings));
    },
    stop: async () => {
      await watchFolders.close();
      await rows.close();
    },
  };
}
