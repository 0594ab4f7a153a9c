/**
 * Pure helpers of the folder watcher. A watched folder holds "units": each sub-folder is one unit (a Zoom meeting
 * folder, whatever lies inside it), and each loose file is one unit of its own.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, relative, sep } from 'node:path';
import { isZoomUnconvertedMarker } from '../importers/zoom-local.js';

/** The unit a changed path belongs to (the first path segment below the watched root), or null for the root itself. */
export function unitOf(root: string, path: string): string | null {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  const first = rel.split(sep)[0]!;
  return `${root}${root.endsWith(sep) ? '' : sep}${first}`;
}

/** Files that say "not finished yet": Zoom still converting, or a browser still downloading. */
const IN_PROGRESS_EXTENSIONS = /\.(crdownload|part|partial|download|opdownload)$/i;

export function isInProgressMarker(path: string): boolean {
  const name = basename(path);
  return isZoomUnconvertedMarker(name) || IN_PROGRESS_EXTENSIONS.test(name);
}

export interface FileSnapshot {
  path: string;
  size: number;
  mtimeMs: number;
}

export async function snapshotFiles(paths: readonly string[]): Promise<FileSnapshot[]> {
  const snapshots: FileSnapshot[] = [];
  for (const path of [...paths].sort()) {
    try {
      const s = await stat(path);
      if (s.isFile()) snapshots.push({ path, size: s.size, mtimeMs: s.mtimeMs });
    } catch {
      // vanished between listing and stat: the next event reschedules the unit
    }
  }
  return snapshots;
}

/** A short digest of names, sizes and times: the same files unchanged give the same fingerprint after a restart. */
export function fingerprint(snapshots: readonly FileSnapshot[], relativeTo: string): string {
  const hash = createHash('sha256');
  for (const s of snapshots) hash.update(`${relative(relativeTo, s.path)}\0${s.size}\0${Math.round(s.mtimeMs)}\n`);
  return hash.digest('hex').slice(0, 32);
}

export function sameSnapshots(a: readonly FileSnapshot[] | null, b: readonly FileSnapshot[]): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every((s, i) => s.path === b[i]!.path && s.size === b[i]!.size && s.mtimeMs === b[i]!.mtimeMs);
}
