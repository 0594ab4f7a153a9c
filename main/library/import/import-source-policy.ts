/**
 * Folders a path import refuses before walking them (review round 2, item 5): an admin's import of `/` walked the
 * whole machine and created 1,169 sessions. System roots, a home folder's root, and Filmroom's own data folder
 * (or a folder holding it) are refused with a 400 in plain words; a meeting folder or a recordings folder is fine.
 */
import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, parse, posix, relative, isAbsolute, win32 } from 'node:path';
import { badRequest } from '../../../shared/contract/errors.js';

const POSIX_SYSTEM = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/media',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
  '/Applications',
  '/Library',
  '/System',
  '/Users',
  '/Volumes',
  '/private',
];
const POSIX_SYSTEM_TREES = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib64',
  '/proc',
  '/sbin',
  '/sys',
  '/usr',
  '/System',
];
const WINDOWS_SYSTEM = ['\\windows', '\\program files', '\\program files (x86)', '\\programdata', '\\users'];

const inside = (folder: string, path: string): boolean => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Why this folder must not be imported, or null. `path` is absolute; `platform` is a `process.platform` value. */
export function refusedImportFolder(
  path: string,
  options: { dataDir: string; home?: string; platform?: NodeJS.Platform; kind?: 'file' | 'folder' },
): string | null {
  const platform = options.platform ?? process.platform;
  const home = options.home ?? homedir();
  // One recording is judged by its content wherever it sits (a copy of a library file is a named duplicate).
  if (options.kind === 'file') return null;
  if (inside(options.dataDir, path))
    return "This is inside Filmroom's own data folder; import recordings from elsewhere";
  if (inside(path, options.dataDir))
    return "This folder holds Filmroom's own data folder; choose the recordings' folder";
  if (platform === 'win32') {
    const { root, dir, base } = win32.parse(path);
    const rest = path
      .slice(root.length - 1)
      .replace(/\\+$/, '')
      .toLowerCase();
    if (path === root || (dir === root && base === '')) return 'A whole drive cannot be imported; choose a folder';
    if (WINDOWS_SYSTEM.includes(rest) || rest.startsWith('\\windows\\'))
      return 'A system folder cannot be imported; choose the folder that holds the recordings';
  } else {
    const normal = posix.normalize(path).replace(/(.)\/+$/, '$1');
    if (POSIX_SYSTEM.includes(normal) || POSIX_SYSTEM_TREES.some((tree) => normal.startsWith(tree + '/')))
      return 'A system folder cannot be imported; choose the folder that holds the recordings';
  }
  if (home && (path === home || path === dirname(home) || parse(path).root === path))
    return 'A whole home folder cannot be imported; choose the folder that holds the recordings (e.g. Documents/Zoom)';
  return null;
}

/** Throws a 400 naming `path` when the folder (after following links) must not be imported; files always pass. */
export async function assertImportableFolder(path: string, dataDir: string, kind: 'file' | 'folder'): Promise<void> {
  const real = await realpath(path).catch(() => path);
  const realData = await realpath(dataDir).catch(() => dataDir);
  for (const candidate of new Set([path, real])) {
    const reason = refusedImportFolder(candidate, { dataDir: realData, kind });
    if (reason) throw badRequest('path', reason);
  }
}
