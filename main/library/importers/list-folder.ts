/** Listing a folder for import, and where Zoom keeps its local recordings. */
import { readdir } from 'node:fs/promises';
import { posix, win32 } from 'node:path';

/**
 * Every regular file under `dir`, as absolute paths in a stable order. Hidden entries (`.DS_Store`, `.git/`) are
 * skipped and symbolic links are not followed (a link back up the tree would never end).
 */
export async function listFolderRecursive(dir: string, unreadable: string[] = [], depth = 0): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // A subfolder that cannot be read is skipped and reported, not a failed import: no permission (EACCES), or gone
    // or changed while we walked (a process under /proc that exits between the listing and the read gives EINVAL
    // for its `net` folder). Any filesystem error of a subfolder counts; the folder asked for still throws.
    if (depth === 0 || !isFilesystemError(error)) throw error;
    unreadable.push(dir);
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = posixOrNative(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) files.push(...(await listFolderRecursive(full, unreadable, depth + 1)));
    } else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** Recordings sit a few folders deep at most; a deeper walk is a system tree (`/proc`, `/`), not a library. */
const MAX_DEPTH = 6;

export function isUnreadable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}

function isFilesystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

function posixOrNative(dir: string, name: string): string {
  return process.platform === 'win32' ? win32.join(dir, name) : posix.join(dir, name);
}

/**
 * Zoom's default local recording folder: `~/Documents/Zoom` on macOS, Windows and Linux alike.
 * `platform` is a `process.platform` value; Windows paths are joined with `\`.
 */
export function defaultZoomFolder(platform: NodeJS.Platform, homedir: string): string {
  return platform === 'win32' ? win32.join(homedir, 'Documents', 'Zoom') : posix.join(homedir, 'Documents', 'Zoom');
}
