/**
 * What the orphan scan must never touch, read from the database: every file a session row references (managed paths
 * relative to the library, and in-place references that happen to lie inside it), the `.part` files of imports in
 * flight, and the folders of sessions with work in progress.
 *
 * File references are not loaded into memory: each folder's names go to SQLite in one statement (`json_each`
 * anti-joined on the `session_files(path)` index), which answers only the unreferenced ones. That is ~2x faster than
 * building a JS Set of every path, needs no memory per file row, and has no up-front load that would stall the API
 * at a million rows. Stored paths are normal (written by `path.relative`/`join`), so they compare as text.
 * `stillReferenced` is the per-file re-check just before an unlink (a file can gain a reference meanwhile).
 * The SQL lives with the tables' owners (library, jobs, sync repositories); this class only decides.
 */
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FileReferencesRepository } from '../library/index.js';
import type { JobQueue } from '../jobs/index.js';
import { INCOMING_FOLDER } from '../platform/data-dir.js';
import { isInside } from '../platform/safe-path.js';
import type { ActiveUploads } from './sync-tables.js';

const INCOMING = INCOMING_FOLDER;

/**
 * The repositories the index reads, each the owner of its tables: the library's file references (session_files,
 * imports, sessions), the job queue's store, and sync's uploads. Built once by their modules, so statements stay
 * prepared across scans.
 */
export interface ReferenceSources {
  references: FileReferencesRepository;
  jobs: Pick<JobQueue, 'sessionsWithActiveJobs' | 'hasActiveJobs'>;
  uploads: ActiveUploads;
}

/**
 * How a folder's names are checked: `range` reads the folder's stored paths as one index range (the default);
 * `per-name` looks every name up (needed when in-place references lie inside the library; the benchmark's baseline).
 */
export type ReferenceLookup = 'range' | 'per-name';

export interface ReferenceIndex {
  /** Of `names` in the folder `prefix` (relative, '' or ending in the separator), those no row references. */
  unreferenced(prefix: string, names: string[]): string[];
  /** The top-level folder belongs to a session with work in progress: nothing in it is touched. */
  isBusyFolder(topLevelName: string): boolean;
  /** A session row exists for this top-level folder (its `analysis/` artifacts are served by name, not by row). */
  isSessionFolder(topLevelName: string): boolean;
}

/** Part paths are few, but normalise only when needed all the same. */
function needsNormalizing(path: string): boolean {
  return (
    path.includes('..') ||
    path.includes('//') ||
    path.includes('/./') ||
    path.startsWith('./') ||
    path.endsWith('/') ||
    (sep !== '/' && path.includes('/'))
  );
}

export class DbReferenceIndex implements ReferenceIndex {
  readonly #paths = new Set<string>();
  readonly #busy = new Set<string>();
  /** Some in-place reference (an absolute path) lies inside the library: each name must be checked both ways. */
  #inPlaceInside = true;

  private constructor(
    private readonly sources: ReferenceSources,
    private readonly libraryDir: string,
  ) {}

  static async load(
    sources: ReferenceSources,
    libraryDir: string,
    lookup: ReferenceLookup = 'range',
  ): Promise<DbReferenceIndex> {
    const index = new DbReferenceIndex(sources, libraryDir);
    await yieldToLoop();
    const withJobs = new Set(sources.jobs.sessionsWithActiveJobs());
    // URL imports record their part file relative to `.incoming`; accept both spellings. A part file is kept only
    // while a live job owns its download: an import row left `running` by a download that was stopped (its session
    // deleted) owns nothing, and its part file is an orphan once older than the retention.
    for (const p of sources.references.partsInFlight()) {
      if (p.session_id === null || !withJobs.has(p.session_id)) continue;
      index.#add(p.part_path);
      index.#add(join(INCOMING, p.part_path));
    }
    for (const id of sources.references.busySessionIds()) index.#busy.add(id);
    for (const id of withJobs) index.#busy.add(id);
    for (const upload of sources.uploads.active()) index.#busy.add(upload.session_id);
    index.#inPlaceInside = lookup === 'per-name' || sources.references.anyPathUnder(index.libraryDir);
    return index;
  }

  #add(path: string): void {
    const rel = this.#relative(path);
    if (rel !== null) this.#paths.add(rel);
  }

  /** A stored path as a path relative to the library, or null when it lies outside it. */
  #relative(path: string): string | null {
    if (!isAbsolute(path)) return needsNormalizing(path) ? normalize(path) : path;
    return isInside(this.libraryDir, path) ? relative(this.libraryDir, path) : null;
  }

  unreferenced(prefix: string, names: string[]): string[] {
    if (names.length === 0) return [];
    let rows: string[];
    if (prefix !== '' && !this.#inPlaceInside) {
      // One index range per folder instead of one lookup per name: ~3x less SQLite work on a session folder. Paths
      // of deeper folders come along (read again for each level), which stays small: library trees are shallow.
      const stored = new Set(this.sources.references.storedPathsUnder(prefix));
      rows = names.filter((name) => !stored.has(name));
    } else {
      // The library's top level (a range would be the whole table), or in-place references inside the library.
      rows = this.sources.references.unreferencedNames(names, prefix, this.libraryDir + sep + prefix);
    }
    // Part files of imports in flight are referenced by the imports table, not by file rows.
    return this.#paths.size === 0 ? rows : rows.filter((name) => !this.#paths.has(prefix + name));
  }

  isBusyFolder(name: string): boolean {
    return this.#busy.has(name);
  }

  isSessionFolder(name: string): boolean {
    return this.sources.references.isSession(name);
  }

  /** The re-check right before an unlink, straight from the database (not the snapshot). */
  stillReferenced(relativePath: string): boolean {
    const absolute = this.libraryDir + sep + relativePath;
    const inIncoming = relativePath.startsWith(INCOMING + sep) ? relativePath.slice(INCOMING.length + 1) : relativePath;
    const { references, jobs, uploads } = this.sources;
    if (references.isFileReferenced(relativePath, absolute)) return true;
    if (references.partOwners(inIncoming).some((id) => id !== null && jobs.hasActiveJobs(id))) return true;
    const top = relativePath.split(sep)[0] ?? '';
    return references.isSessionBusy(top) || jobs.hasActiveJobs(top) || uploads.active(top).length > 0;
  }
}
