/**
 * Walks the library folder for files no session references. Only directory entries are read (as `find -type f`
 * does); a file is stat'ed only when it is unreferenced, to learn its age and size. Symlinks are never followed:
 * an unreferenced link is a candidate itself (removed as a link).
 *
 * The walk is time-sliced rather than one async call per directory: it reads directories synchronously for at most
 * a few milliseconds, then yields to the event loop (setImmediate). A thread-pool round trip per directory made the
 * scan ~10x slower than `find`; slices keep it close to `find` while the API still answers between them.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { INCOMING_FOLDER } from '../platform/data-dir.js';
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
  /** Longest synchronous slice before yielding to the event loop. */
  sliceMs?: number;
}

interface DirState {
  relative: string;
  entries: number;
  removable: number;
  parent: DirState | null;
  mtimeMs: number;
  /** Children not settled yet, plus 1 until the folder's own listing has been read. */
  pendingChildren: number;
  settled: boolean;
}

/** The half-written files' folder (its one definition is platform/data-dir.ts). */
export const INCOMING_DIR = INCOMING_FOLDER;

export async function scanForOrphans(options: ScanOptions): Promise<ScanResult> {
  const { libraryDir, index, cutoffMs } = options;
  const sliceMs = options.sliceMs ?? 4;
  const candidates: OrphanCandidate[] = [];
  const emptyFolders: string[] = [];
  let filesSeen = 0;

  const newDir = (relative: string, parent: DirState | null, mtimeMs = Infinity): DirState => ({
    relative,
    entries: 0,
    removable: 0,
    parent,
    mtimeMs,
    pendingChildren: 1,
    settled: false,
  });
  const root = newDir('', null);
  // Depth-first (a stack): a folder's children settle soon after it, so few folder states are alive at once.
  const stack: DirState[] = [root];

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

  const visit = (dir: DirState): void => {
    const absolute = dir.relative === '' ? libraryDir : join(libraryDir, dir.relative);
    let entries: string[];
    try {
      // Names only (no Dirent objects): a referenced name needs nothing more, any other is lstat'ed below anyway.
      entries = readdirSync(absolute);
    } catch {
      entries = []; // vanished or unreadable: nothing of it is a candidate
      dir.entries = 1; // and it is never counted as removable
    }
    const prefix = dir.relative === '' ? '' : dir.relative + sep;
    const top = dir.relative === '' ? null : (dir.relative.split(sep)[0] as string);
    // A live session's `analysis/` artifacts are served by name (no file rows): never candidates.
    const inAnalysis = top !== null && dir.relative.startsWith(top + sep + 'analysis') && index.isSessionFolder(top);
    dir.entries += entries.length;
    const unreferenced = index.unreferenced(prefix, entries);
    filesSeen += entries.length - unreferenced.length; // a referenced entry is a file row's file: never touched
    for (const name of unreferenced) {
      const rel = prefix + name;
      const stats = lstatSync(join(libraryDir, rel), { throwIfNoEntry: false });
      if (!stats) {
        dir.entries -= 1; // gone meanwhile
        continue;
      }
      if (stats.isDirectory()) {
        // Work in progress: the whole session folder is left alone (the root, never removed, is its only parent).
        if (dir === root && (options.skipTopLevel?.has(name) || index.isBusyFolder(name))) continue;
        dir.pendingChildren += 1;
        stack.push(newDir(rel, dir, stats.mtimeMs)); // its age from the lstat that found it
        continue;
      }
      const link = stats.isSymbolicLink();
      if (!stats.isFile() && !link) continue; // sockets, fifos: not ours to judge
      filesSeen += 1;
      if (inAnalysis && !link) continue;
      if (stats.mtimeMs >= cutoffMs) continue;
      candidates.push({
        relative: rel,
        size: link ? 0 : stats.size,
        mtimeMs: stats.mtimeMs,
        link,
        reason: link ? 'symbolic link no session references' : reasonFor(rel),
      });
      dir.removable += 1;
    }
    dir.pendingChildren -= 1;
    settle(dir);
  };

  let sliceStart = performance.now();
  while (stack.length > 0) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    visit(stack.pop() as DirState);
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  return { candidates, emptyFolders, filesSeen };
}

function reasonFor(relative: string): string {
  if (relative.startsWith(INCOMING_DIR + sep)) return 'half-written download or upload left behind';
  if (relative.endsWith('.part')) return 'half-written file left behind';
  return 'no session references this file';
}
