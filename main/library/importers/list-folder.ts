/** Listing a folder for import, and where Zoom keeps its local recordings. */
import { readdir } from 'node:fs/promises';
import { posix, win32 } from 'node:path';

/**
 * Every regular file under `dir`, as absolute paths in a stable order. Hidden entries (`.DS_Store`, `.git/`) are
 * skipped and symbolic links are not followed (a link back up the tree would never end).
 */
export async function listFolderRecursive(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = posixOrNative(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFolderRecursive(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
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
