/** What starting Filmroom takes and gives: shared by `filmroom serve`, the CLI, the Electron shell and tests. */
import type { FastifyInstance } from 'fastify';
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { AnalysisService, WorkerLauncher } from '../analysis/index.js';
import type { TokenStore } from '../api/index.js';
import type { LibraryDb } from '../db/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { LibraryModule } from '../library/index.js';
import type { Clock } from '../platform/clock.js';
import type { LibraryPaths } from '../platform/data-dir.js';
import type { EventBus } from '../platform/event-bus.js';
import type { MediaTools } from '../platform/ffmpeg-locate.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from '../platform/request-context.js';
import type { SettingsService } from '../settings/index.js';
import type { VideoApiService } from '../video-api/index.js';
import type { CleanupModule } from '../cleanup/index.js';
import type { SecretVault, SyncModule } from '../sync/index.js';

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
   * Finish interrupted deletes and remove half-imported files, start the job queue and the expiry sweep. Only the
   * process that owns the library (the app or `filmroom serve`) does this; one-shot CLI commands must not, or they
   * would remove the `.part` file of an import the running app is writing.
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
  /** How long an upload may stay silent before it is answered 408 and removed (default 60 s). */
  uploadIdleMs?: number;
  /** The desktop app's keychain-backed store for the S3 secret; headless has none (environment or AWS profile). */
  secretVault?: SecretVault | null;
  /**
   * Called once the API listens, before start-up recovery runs (`startFilmroom` resolves after it): `filmroom serve`
   * says where it answers as soon as it does. `startupMs` holds the steps up to listening.
   */
  onListening?: (info: { url: string; port: number; adminToken: string; startupMs: Record<string, number> }) => void;
}

/** Every module's services, for the CLI, benchmarks and tests (the transports use `handlers`). */
export type AppServices = LibraryModule['services'] & {
  queue: JobQueue;
  settings: SettingsService;
  analysis: AnalysisService;
  video: VideoApiService;
  cleanup: CleanupModule['services'];
  sync: SyncModule['services'];
};

export interface FilmroomApp {
  handlers: FilmroomHandlers<RequestContext>;
  events: EventBus;
  api: { url: string; port: number } | null;
  server: FastifyInstance | null;
  dataDir: string;
  paths: LibraryPaths;
  db: LibraryDb;
  adminToken: string;
  tokens: TokenStore;
  mediaTools: MediaTools | null;
  services: AppServices;
  /** How long each start-up step took, in ms, in order (what `filmroom serve` prints with its Ready line). */
  startupMs: Record<string, number>;
  close(): Promise<void>;
}
