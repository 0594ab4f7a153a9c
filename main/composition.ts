/**
 * The composition root: opens the library, builds the services, runs start-up recovery, starts the job queue, the
 * expiry sweep and the HTTP API. Shared by `filmroom serve` and the Electron main process.
 */
import type { FastifyInstance } from 'fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { defaultZoomFolder } from './library/importers/list-folder.js';
import type { FilmroomHandlers } from '../shared/contract/index.js';
import type { RequestContext } from './api/context.js';
import { createApiServer } from './api/http-server.js';
import type { TokenStore } from './api/tokens.js';
import { openDatabase, openWorkConnection, type Db } from './library/db.js';
import { buildServices, type Services } from './services.js';
import { forkLauncher, type WorkerLauncher } from './analysis/worker/worker-channel.js';
import { sourceWorkerScript } from './analysis/worker/worker-script.js';
import { systemClock, type Clock } from './platform/clock.js';
import { libraryPaths, type LibraryPaths } from './platform/data-dir.js';
import { EventBus } from './platform/event-bus.js';
import { locateMediaTools, MediaToolsMissingError, type MediaTools } from './platform/ffmpeg-locate.js';
import { createLogger, type Logger } from './platform/logger.js';
import { APP_VERSION } from './platform/version.js';
import type { SecretVault } from './sync/config.js';

export interface StartOptions {
  dataDir: string;
  /** 0 picks a free port; undefined means no HTTP server (tests and CLI commands that only need services). */
  port?: number;
  nativeBinding?: string;
  rendererDir?: string;
  logger?: Logger;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /**
   * Finish interrupted deletes and remove half-imported files, start the analysis queue and the expiry sweep.
   * Only the process that owns the library (the app or `filmroom serve`) does this; one-shot CLI commands must
   * not, or they would remove the `.part` file of an import the running app is writing.
   */
  recover?: boolean;
  /** Queue analysis of new imports (default: true, or FILMROOM_AUTO_ANALYZE=0 to turn off). */
  autoAnalyze?: boolean;
  analysisConcurrency?: number;
  transientRetentionHours?: number;
  /** Default for the watch-folder setting (tests turn it off so the real ~/Documents/Zoom is left alone). */
  watchFolders?: boolean;
  /** How long a watched meeting's files must stay unchanged before import (default 5 s; tests shorten it). */
  watchStableMs?: number;
  /**
   * Where analyses run: a worker process (default: the source entry started with child_process.fork; the Electron
   * app passes its bundled entry and utilityProcess), or null for this process.
   */
  analysisWorker?: { script: string; launch: WorkerLauncher } | null;
  /** S3 sync (issue 9): the desktop app's keychain-backed secret store; headless has none. */
  secretVault?: SecretVault | null;
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
  services: Services;
  close(): Promise<void>;
}

const EXPIRY_SWEEP_MS = 60_000;

function defaultAnalysisWorker(): StartOptions['analysisWorker'] {
  const script = sourceWorkerScript();
  return script ? { script, launch: forkLauncher } : null;
}

export async function startFilmroom(options: StartOptions): Promise<FilmroomApp> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const paths = libraryPaths(resolve(options.dataDir));
  mkdirSync(paths.libraryDir, { recursive: true });

  let mediaTools: MediaTools | null = null;
  try {
    mediaTools = locateMediaTools(env);
  } catch (error) {
    if (!(error instanceof MediaToolsMissingError)) throw error;
    logger.warn(error.message + ' Browsing and deleting work; importing and analysis need it.');
  }

  const zoomFolder = defaultZoomFolder(process.platform, homedir());
  const db = await openDatabase(paths.database, { nativeBinding: options.nativeBinding });
  let workDb: Db;
  try {
    workDb = openWorkConnection(paths.database, { nativeBinding: options.nativeBinding });
  } catch (error) {
    db.close();
    throw error;
  }
  const events = new EventBus();
  const owner = options.recover ?? true;
  const services = buildServices({
    db,
    workDb,
    paths,
    clock,
    logger,
    events,
    mediaTools,
    analysisConcurrency: options.analysisConcurrency ?? 2,
    autoAnalyze: owner && (options.autoAnalyze ?? env.FILMROOM_AUTO_ANALYZE !== '0'),
    transientRetentionMs:
      (options.transientRetentionHours ?? Number(env.FILMROOM_TRANSIENT_RETENTION_HOURS ?? 24)) * 3_600_000,
    defaultWatchFolder: zoomFolder,
    watchStableMs: options.watchStableMs,
    analysisWorker: options.analysisWorker !== undefined ? options.analysisWorker : defaultAnalysisWorker(),
    env, // S3 sync (issue 9)
    secretVault: options.secretVault ?? null,
    defaultSettings: {
      watch_folders: [zoomFolder],
      watch_enabled: options.watchFolders ?? env.FILMROOM_WATCH_FOLDERS !== '0',
      watch_copy: true,
      auto_analyze: true,
    },
  });

  let sweep: NodeJS.Timeout | undefined;
  let server: FastifyInstance | null = null;
  let api: FilmroomApp['api'] = null;
  let adminToken: string;
  const stop = async () => {
    clearInterval(sweep);
    await server?.close();
    if (owner) {
      await services.watchFolders.close();
      await services.queue.stop();
    }
    services.sync.stop(); // S3 sync (issue 9)
    services.closeAnalysisWorker();
    workDb.close();
    db.close();
  };
  try {
    if (owner) {
      await services.deletion.resumePending();
      await services.imports.recoverInterrupted();
      services.warmAnalysisWorker();
      services.queue.start();
      services.sync.start(); // S3 sync (issue 9): uploads a crash left without a job, auto backup
      void services.watchFolders.apply(services.settings.get());
      services.settings.onChange((settings) => void services.watchFolders.apply(settings));
      await services.video.expireDue();
      sweep = setInterval(
        () => void services.video.expireDue().catch((e: Error) => logger.error(e, 'expiry sweep failed')),
        EXPIRY_SWEEP_MS,
      );
      sweep.unref();
    }
    adminToken = services.tokens.ensureAdminToken(paths.tokenFile);

    if (options.port !== undefined) {
      server = await createApiServer({
        handlers: services.handlers,
        tokens: services.tokens,
        events,
        logger,
        version: APP_VERSION,
        rendererDir: options.rendererDir,
        ...services.http,
      });
      await server.listen({ host: '127.0.0.1', port: options.port });
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      api = { url: `http://127.0.0.1:${port}`, port };
      writeFileSync(paths.apiInfoFile, JSON.stringify({ url: api.url, port, pid: process.pid }, null, 2) + '\n', {
        mode: 0o600,
      });
    }
  } catch (error) {
    await stop().catch(() => undefined); // a port in use must not leave the database open
    throw error;
  }

  return {
    handlers: services.handlers,
    events,
    api,
    server,
    dataDir: paths.dataDir,
    paths,
    db,
    adminToken,
    tokens: services.tokens,
    mediaTools,
    services,
    close: stop,
  };
}
