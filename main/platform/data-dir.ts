/** Where the library lives: --data-dir, else FILMROOM_DATA_DIR, else the OS application-data folder. */
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
    incomingDir: join(dataDir, 'library', '.incoming'),
    tokenFile: join(dataDir, 'api-token'),
    apiInfoFile: join(dataDir, 'api.json'),
  };
}
