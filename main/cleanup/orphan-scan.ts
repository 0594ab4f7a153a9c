/**
 * Walks the library folder for files no session references. Only directory entries are read (as `find -type f`
 * does); a file is stat'ed only when it is unreferenced, to learn its age and size. Symlinks are never followed:
 * an unreferenced link is a candidate itself (removed as a link). Every readdir is asynchronous and the walk keeps a
 * few directories in flight, so the API's event loop keeps serving between them.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ReferenceIndex } from './reference-index.js';

export interface OrphanCandidate {
  /** Relative to the library folder. */
  relative: string;
  size: number;
  mtimeMs: number;
  link: boolean;
  reason: string;
}

export interface ScanResult {
  candidates: OrphanCandidate[];
  /** Folders (relative, deepest first) that hold nothing but candidates, or nothing at all, and are old enough. */
  emptyFolders: string[];
  filesSeen: number;
}

export interface ScanOptions {
  libraryDir: string;
  index: ReferenceIndex;
  /** Files modified at or after this time (ms since epoch) are too fresh to be orphans. */
  cutoffMs: number;
  /** Folder names at the top of the library never scanned (besides busy session folders). */
  skipTopLevel?: ReadonlySet<string>;
  signal?: AbortSignal;
  /**
   * A run resumed after a crash: empty folders modified since this time were (most likely) emptied by the same run
   * before it died, so they go although fresh — unless a session row or work in progress claims them.
   */
  emptiedSinceMs?: number;
  /** Directories read at once. */
  parallel?: number;
}

interface DirState {
  relative: string;
  entries: number;
  removable: number;
  parent: DirState | null;
  mtimeMs: number;
  /** Children not settled yet, plus 1 while the folder's own listing is being read. */
  pendingChildren: number;
  settled: boolean;
}

export const INCOMING_DIR = '.incoming';

export async function scanForOrphans(options: ScanOptions): Promise<ScanResult> {
  const { libraryDir, index, cutoffMs } = options;
  const parallel = options.parallel ?? 8;
  const candidates: OrphanCandidate[] = [];
  const emptyFolders: string[] = [];
  let filesSeen = 0;

  // pendingChildren starts at 1 for the folder's own listing: it settles only after that and every child settled.
  const newDir = (relative: string, parent: DirState | null): DirState => ({
    relative,
    entries: 0,
    removable: 0,
    parent,
    mtimeMs: Infinity,
    pendingChildren: 1,
    settled: false,
  });
  const root = newDir('', null);
  const queue: DirState[] = [root];

  const emptiedByThisRun = (dir: DirState): boolean => {
    if (options.emptiedSinceMs === undefined || dir.entries !== 0 || dir.mtimeMs < options.emptiedSinceMs) return false;
    const top = dir.relative.split(sep)[0] as string;
    return !index.isSessionFolder(top) && !index.isBusyFolder(top);
  };

  /** A folder is removable when it is old, holds only removable things, and is not the library or `.incoming`. */
  const settle = (dir: DirState): void => {
    if (dir.pendingChildren > 0 || dir.settled) return;
    dir.settled = true;
    const removable =
      dir !== root &&
      dir.relative !== INCOMING_DIR &&
      dir.entries === dir.removable &&
      (dir.removable > 0 || dir.mtimeMs < cutoffMs || emptiedByThisRun(dir));
    if (removable) emptyFolders.push(dir.relative);
    if (dir.parent) {
      if (removable) dir.parent.removable += 1;
      dir.parent.pendingChildren -= 1;
      settle(dir.parent);
    }
  };

  const visit = async (dir: DirState): Promise<void> => {
    const absolute = dir.relative === '' ? libraryDir : join(libraryDir, dir.relative);
    let entries: Dirent[];
    try {
      if (dir !== root) dir.mtimeMs = (await lstat(absolute)).mtimeMs;
      entries = await readdir(absolute, { withFileTypes: true });
    } catch {
      entries = []; // vanished or unreadable: nothing of it is a candidate
      dir.entries = 1; // and it is never counted as removable
    }
    const top = dir.relative === '' ? null : (dir.relative.split(sep)[0] as string);
    const inAnalysis = top !== null && dir.relative.startsWith(top + sep + 'analysis') && index.isSessionFolder(top);
    dir.entries += entries.length;
    const stats: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = dir.relative === '' ? entry.name : dir.relative + sep + entry.name;
      if (entry.isDirectory()) {
        if (dir === root && (options.skipTopLevel?.has(entry.name) || index.isBusyFolder(entry.name))) continue;
        dir.pendingChildren += 1;
        queue.push(newDir(rel, dir));
        continue;
      }
      const link = entry.isSymbolicLink();
      if (!entry.isFile() && !link) continue; // sockets, fifos: not ours to judge
      filesSeen += 1;
      if (index.isReferenced(rel)) continue;
      if (inAnalysis && !link) continue; // a live session's artifacts, served by name
      stats.push(
        lstat(join(libraryDir, rel)).then(
          (s) => {
            if (s.mtimeMs >= cutoffMs) return;
            candidates.push({
              relative: rel,
              size: link ? 0 : s.size,
              mtimeMs: s.mtimeMs,
              link,
              reason: link ? 'symbolic link no session references' : reasonFor(rel),
            });
            dir.removable += 1;
          },
          () => undefined,
        ),
      );
    }
    await Promise.all(stats);
    dir.pendingChildren -= 1;
    settle(dir);
  };

  const running = new Set<Promise<void>>();
  while (queue.length > 0 || running.size > 0) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    while (queue.length > 0 && running.size < parallel) {
      const dir = queue.shift() as DirState;
      const p: Promise<void> = visit(dir).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) await Promise.race(running);
  }
  return { candidates, emptyFolders, filesSeen };
}

function reasonFor(relative: string): string {
  if (relative.startsWith(INCOMING_DIR + sep)) return 'half-written download or upload left behind';
  if (relative.endsWith('.part')) return 'half-written file left behind';
  return 'no session references this file';
}
