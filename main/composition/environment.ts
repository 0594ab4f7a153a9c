/**
 * What the composition root reads from the machine before it builds anything: the data folder's paths, ffmpeg,
 * the default watch folder and the process-level switches from the environment.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Settings } from '../../shared/contract/settings.js';
import { defaultZoomFolder } from '../library/index.js';
import { libraryPaths, makeDataDirPrivate, type LibraryPaths } from '../platform/data-dir.js';
import { locateMediaTools, MediaToolsMissingError, type MediaTools } from '../platform/ffmpeg-locate.js';
import type { Logger } from '../platform/logger.js';
import { APP_VERSION } from '../platform/version.js';
import type { StartOptions } from './app-types.js';

export interface Environment {
  paths: LibraryPaths;
  mediaTools: MediaTools | null;
  defaultWatchFolder: string;
  defaultSettings: Settings;
  autoAnalyze: boolean;
  transientRetentionMs: number;
  version: string;
  /** The environment the modules read their own settings from (cleanup retention, schedule). */
  processEnv: NodeJS.ProcessEnv;
}

export function resolveEnvironment(options: StartOptions, logger: Logger): Environment {
  const env = options.env ?? process.env;
  const paths = libraryPaths(resolve(options.dataDir));
  makeDataDirPrivate(paths); // 0700 before anything is written into it
  mkdirSync(paths.libraryDir, { recursive: true });
  let mediaTools: MediaTools | null = null;
  try {
    mediaTools = locateMediaTools(env);
  } catch (error) {
    if (!(error instanceof MediaToolsMissingError)) throw error;
    logger.warn(error.message + ' Browsing and deleting work; importing and analysis need it.');
  }
  const zoomFolder = defaultZoomFolder(process.platform, homedir());
  return {
    paths,
    mediaTools,
    defaultWatchFolder: zoomFolder,
    defaultSettings: {
      watch_folders: [zoomFolder],
      watch_enabled: options.watchFolders ?? env.FILMROOM_WATCH_FOLDERS !== '0',
      watch_copy: true,
      auto_analyze: true,
      display_name: '', // signs the desktop user's notes when set
      url_import_allow_local: false, // admins may turn it on; coach tokens never fetch local addresses
    },
    autoAnalyze: options.autoAnalyze ?? env.FILMROOM_AUTO_ANALYZE !== '0',
    transientRetentionMs:
      (options.transientRetentionHours ?? Number(env.FILMROOM_TRANSIENT_RETENTION_HOURS ?? 24)) * 3_600_000,
    version: APP_VERSION,
    processEnv: env,
  };
}
