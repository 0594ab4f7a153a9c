/** Where the library lives: --data-dir, else FILMROOM_DATA_DIR, else the OS application-data folder. */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultAppDataDir(
  platform: NodeJS.Platform = process.platform,
  env = process.env,
  home = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Filmroom');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Filmroom');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'filmroom');
}

export function resolveDataDir(flag: string | undefined, env = process.env): string {
  return resolve(flag ?? env.FILMROOM_DATA_DIR ?? defaultAppDataDir(process.platform, env));
}

/** The library folder's folder of half-written files (`.part`, browser uploads): its one definition. */
export const INCOMING_FOLDER = '.incoming';

export interface LibraryPaths {
  dataDir: string;
  database: string;
  /** Managed recordings and derived files: everything we may delete lives below this folder. */
  libraryDir: string;
  /** Half-written files (`.part`) before their atomic rename. */
  incomingDir: string;
  tokenFile: string;
  apiInfoFile: string;
}

export function libraryPaths(dataDir: string): LibraryPaths {
  return {
    dataDir,
    database: join(dataDir, 'library.db'),
    libraryDir: join(dataDir, 'library'),
    incomingDir: join(dataDir, 'library', INCOMING_FOLDER),
    tokenFile: join(dataDir, 'api-token'),
    apiInfoFile: join(dataDir, 'api.json'),
  };
}

/**
 * The data folder holds every recording, the library and the admin token: private to the user (0700), and its
 * library database files 0600. Applied at every start, so a folder made before this rule (0755/0644) is fixed.
 * No-op on Windows, whose ACLs already confine a user's application data.
 */
export function makeDataDirPrivate(paths: LibraryPaths): void {
  if (process.platform === 'win32') return;
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(paths.dataDir, 0o700);
  for (const file of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
