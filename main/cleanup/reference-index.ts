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
 */
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Db } from '../db/index.js';
import { isInside } from '../platform/safe-path.js';

/** Statuses whose session folder is being written (an import, an analysis, a delete in progress). */
const BUSY_STATUSES = "('pending','importing','processing','deleting')";
const INCOMING = '.incoming';

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
  readonly #sessionStmt;
  readonly #antiJoin;
  readonly #refStmt;
  readonly #busyStmt;
  readonly #rangeStmt;
  /** Some in-place reference (an absolute path) lies inside the library: each name must be checked both ways. */
  #inPlaceInside = true;

  private constructor(
    private readonly db: Db,
    private readonly libraryDir: string,
  ) {
    this.#sessionStmt = db.prepare('SELECT 1 FROM sessions WHERE id = ?').pluck();
    // Parameters: the names as JSON; the folder's prefix relative to the library (managed rows); the same, absolute (in-place references).
    this.#antiJoin = db
      .prepare(
        `SELECT j.value FROM json_each(?) j
         WHERE NOT EXISTS (SELECT 1 FROM session_files s WHERE s.path = ? || j.value)
           AND NOT EXISTS (SELECT 1 FROM session_files s WHERE s.path = ? || j.value)`,
      )
      .pluck();
    // Every stored path under a folder prefix, as one range of the `session_files(path)` index ('0' is the
    // character after '/', so [prefix, prefix with its last '/' as '0') is exactly the paths below the folder).
    this.#rangeStmt = db.prepare('SELECT substr(path, ?) FROM session_files WHERE path >= ? AND path < ?').pluck();
    this.#refStmt = db
      .prepare(
        `SELECT 1 FROM session_files WHERE path = ? OR path = ?
         UNION ALL SELECT 1 FROM imports WHERE part_path = ? AND state IN ('queued','running') LIMIT 1`,
      )
      .pluck();
    this.#busyStmt = db
      .prepare(
        `SELECT 1 FROM sessions WHERE id = ? AND status IN ${BUSY_STATUSES}
         UNION ALL SELECT 1 FROM jobs WHERE session_id = ? AND state IN ('queued','running')
         UNION ALL SELECT 1 FROM uploads WHERE session_id = ? AND state IN ('queued','uploading') LIMIT 1`,
      )
      .pluck();
  }

  static async load(db: Db, libraryDir: string, lookup: ReferenceLookup = 'range'): Promise<DbReferenceIndex> {
    const index = new DbReferenceIndex(db, libraryDir);
    await yieldToLoop();
    const parts = db.prepare(
      "SELECT part_path FROM imports WHERE state IN ('queued','running') AND part_path IS NOT NULL",
    );
    // URL imports record their part file relative to `.incoming`; accept both spellings.
    for (const p of parts.pluck().all() as string[]) {
      index.#add(p);
      index.#add(join(INCOMING, p));
    }
    const busy = db
      .prepare(
        `SELECT id FROM sessions WHERE status IN ${BUSY_STATUSES}
         UNION SELECT session_id FROM jobs WHERE state IN ('queued','running') AND session_id IS NOT NULL
         UNION SELECT session_id FROM uploads WHERE state IN ('queued','uploading')`,
      )
      .pluck()
      .all() as string[];
    for (const id of busy) index.#busy.add(id);
    const root = index.libraryDir + sep;
    index.#inPlaceInside =
      lookup === 'per-name' ||
      db
        .prepare('SELECT 1 FROM session_files WHERE path >= ? AND path < ? LIMIT 1')
        .get(root, index.libraryDir + String.fromCharCode(sep.charCodeAt(0) + 1)) !== undefined;
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
      const stored = new Set(
        this.#rangeStmt.all(
          prefix.length + 1,
          prefix,
          prefix.slice(0, -1) + String.fromCharCode(sep.charCodeAt(0) + 1),
        ) as string[],
      );
      rows = names.filter((name) => !stored.has(name));
    } else {
      // The library's top level (a range would be the whole table), or in-place references inside the library.
      rows = this.#antiJoin.all(JSON.stringify(names), prefix, this.libraryDir + sep + prefix) as string[];
    }
    // Part files of imports in flight are referenced by the imports table, not by file rows.
    return this.#paths.size === 0 ? rows : rows.filter((name) => !this.#paths.has(prefix + name));
  }

  isBusyFolder(name: string): boolean {
    return this.#busy.has(name);
  }

  isSessionFolder(name: string): boolean {
    return this.#sessionStmt.get(name) !== undefined;
  }

  /** The re-check right before an unlink, straight from the database (not the snapshot). */
  stillReferenced(relativePath: string): boolean {
    const absolute = this.libraryDir + sep + relativePath;
    const inIncoming = relativePath.startsWith(INCOMING + sep) ? relativePath.slice(INCOMING.length + 1) : relativePath;
    if (this.#refStmt.get(relativePath, absolute, inIncoming) !== undefined) return true;
    const top = relativePath.split(sep)[0] ?? '';
    return this.#busyStmt.get(top, top, top) !== undefined;
  }
}
