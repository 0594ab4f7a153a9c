/**
 * The composition root: builds every service from config with explicit constructor injection (no container),
 * runs start-up recovery, starts the HTTP API. Shared by `filmroom serve` and the Electron main process.
 */
import type { FastifyInstance } from 'fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FilmroomHandlers } from '../shared/contract/index.js';
import { ApiError } from '../shared/contract/errors.js';
import type { RequestContext } from './api/context.js';
import { createApiServer } from './api/http-server.js';
import { TokenStore } from './api/tokens.js';
import { BulkDelete } from './cleanup/bulk-delete.js';
import { DeletionService } from './cleanup/deletion-service.js';
import { createHandlers } from './handlers.js';
import { AuditLog } from './library/audit-log.js';
import { openDatabase, type Db } from './library/db.js';
import { ImportService, type FileOps } from './library/import/import-service.js';
import { LibraryService } from './library/library-service.js';
import { probeMedia } from './library/media-probe.js';
import { SessionsRepository } from './library/sessions/sessions-repository.js';
import { TranscriptsRepository } from './library/transcripts-repository.js';
import { copyIntoLibrary, hashFile } from './library/files/copy-hash.js';
import { systemClock, type Clock } from './platform/clock.js';
import { libraryPaths, type LibraryPaths } from './platform/data-dir.js';
import { EventBus } from './platform/event-bus.js';
import { locateMediaTools, MediaToolsMissingError, type MediaTools } from './platform/ffmpeg-locate.js';
import { createLogger, type Logger } from './platform/logger.js';
import { APP_VERSION } from './platform/version.js';

export interface StartOptions {
  dataDir: string;
  /** 0 picks a free port; undefined means no HTTP server (tests that only need services). */
  port?: number;
  nativeBinding?: string;
  rendererDir?: string;
  logger?: Logger;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /**
   * Finish interrupted deletes and remove half-imported files at start. Only the process that owns the library
   * (the app or `filmroom serve`) does this; one-shot CLI commands must not, or they would remove the `.part` file
   * of an import the running app is writing.
   */
  recover?: boolean;
}

export interface FilmroomApp {
  handlers: FilmroomHandlers<RequestContext>;
  events: EventBus;
  api: { url: string; port: number } | null;
  server: FastifyInstance | null;
  dataDir: string;
  paths: LibraryPaths;
  db: Db;
  adminToken: string;
  tokens: TokenStore;
  mediaTools: MediaTools | null;
  services: { sessions: SessionsRepository; library: LibraryService; imports: ImportService; deletion: DeletionService };
  close(): Promise<void>;
}

export async function startFilmroom(options: StartOptions): Promise<FilmroomApp> {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const paths = libraryPaths(resolve(options.dataDir));
  mkdirSync(paths.libraryDir, { recursive: true });

  let mediaTools: MediaTools | null = null;
  try {
    mediaTools = locateMediaTools(options.env);
  } catch (error) {
    if (!(error instanceof MediaToolsMissingError)) throw error;
    logger.warn(error.message + ' Browsing and deleting work; importing and analysis need it.');
  }
  const requireTools = (): MediaTools => {
    if (mediaTools) return mediaTools;
    throw new ApiError(503, new MediaToolsMissingError('ffmpeg').message);
  };

  const db = await openDatabase(paths.database, { nativeBinding: options.nativeBinding });
  const now = () => clock.now().toISOString();
  const events = new EventBus();
  const sessions = new SessionsRepository(db);
  const transcripts = new TranscriptsRepository(db);
  const audit = new AuditLog(db, now);
  const tokens = new TokenStore(db, now);
  const library = new LibraryService({ sessions, transcripts, events, clock });
  const fileOps: FileOps = {
    copyIntoLibrary: (src, dest, opts) => copyIntoLibrary(src, dest, opts),
    hashFile: (path, opts) => hashFile(path, opts),
    probe: (path) => probeMedia(requireTools().ffprobe, path),
  };
  const imports = new ImportService({
    sessions,
    library,
    files: fileOps,
    clock,
    logger,
    libraryDir: paths.libraryDir,
    incomingDir: paths.incomingDir,
    defaultCoachId: 'default',
    emitProgress: (p) => events.emit({ type: 'import.progress', ...p }),
  });
  const deletion = new DeletionService({ db, sessions, audit, events, clock, logger, libraryDir: paths.libraryDir, activities: [] });
  const bulkDelete = new BulkDelete({ db, sessions, deletion, clock });
  const handlers = createHandlers({ sessions, library, imports, deletion, bulkDelete, libraryDir: paths.libraryDir });

  if (options.recover ?? true) {
    await deletion.resumePending();
    await imports.recoverInterrupted();
  }
  const adminToken = tokens.ensureAdminToken(paths.tokenFile);

  let server: FastifyInstance | null = null;
  let api: FilmroomApp['api'] = null;
  if (options.port !== undefined) {
    server = await createApiServer({
      handlers,
      tokens,
      events,
      logger,
      version: APP_VERSION,
      rendererDir: options.rendererDir,
      exportCsv: (actor, filters) => library.csv(actor, filters),
      importUpload: (actor, file, name, fields) => imports.importUpload(actor, file, name, fields),
    });
    await server.listen({ host: '127.0.0.1', port: options.port });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    api = { url: `http://127.0.0.1:${port}`, port };
    writeFileSync(paths.apiInfoFile, JSON.stringify({ url: api.url, port, pid: process.pid }, null, 2) + '\n', { mode: 0o600 });
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
    services: { sessions, library, imports, deletion },
    async close() {
      await server?.close();
      db.close();
    },
  };
}
