/**
 * Which library rows reference a path on disk: the file rows (`session_files.path`, relative for managed files,
 * absolute for in-place references; `s3_key`), the part files of URL imports in flight (`imports.part_path`), and
 * the sessions whose folder is being written. Read-only: the cleanup service asks it before it deletes anything.
 *
 * Every statement is prepared once, here: the orphan scan calls these once per folder (a library of 100,000 files
 * has ~1,000), and the anti-join and range reads are what keep it within 2x of `find` (bench/cleanup-scan.ts).
 * Stored paths are normal (written by `path.relative`/`join`), so they compare as text.
 */
import { sep } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../../db/index.js';

/** Statuses whose session folder is being written (an import, an analysis, a delete in progress). */
const BUSY_STATUSES = "('pending','importing','processing','deleting')";

/** The first string after every string that starts with `prefix` + separator (the end of an index range). */
function afterFolder(folder: string): string {
  return folder + String.fromCharCode(sep.charCodeAt(0) + 1);
}

export class FileReferencesRepository {
  readonly #isSession: Statement;
  readonly #unreferenced: Statement;
  readonly #storedUnder: Statement;
  readonly #anyUnder: Statement;
  readonly #file: Statement;
  readonly #partOwners: Statement;
  readonly #location: Statement;
  readonly #s3Key: Statement;
  readonly #busy: Statement;
  readonly #isBusy: Statement;
  readonly #parts: Statement;

  constructor(db: LibraryDb) {
    this.#isSession = db.prepare('SELECT 1 FROM sessions WHERE id = ?').pluck();
    // Parameters: the names as JSON; the folder's prefix relative to the library (managed rows); the same, absolute
    // (in-place references). Anti-joined on the `session_files(path)` index: only the unreferenced names come back.
    this.#unreferenced = db
      .prepare(
        `SELECT j.value FROM json_each(?) j
         WHERE NOT EXISTS (SELECT 1 FROM session_files s WHERE s.path = ? || j.value)
           AND NOT EXISTS (SELECT 1 FROM session_files s WHERE s.path = ? || j.value)`,
      )
      .pluck();
    this.#storedUnder = db.prepare('SELECT substr(path, ?) FROM session_files WHERE path >= ? AND path < ?').pluck();
    this.#anyUnder = db.prepare('SELECT 1 FROM session_files WHERE path >= ? AND path < ? LIMIT 1').pluck();
    this.#file = db.prepare('SELECT 1 FROM session_files WHERE path = ? OR path = ? LIMIT 1').pluck();
    this.#partOwners = db
      .prepare("SELECT session_id FROM imports WHERE part_path = ? AND state IN ('queued','running')")
      .pluck();
    this.#location = db.prepare('SELECT 1 FROM session_files WHERE path = ? OR path = ? OR s3_key = ? LIMIT 1').pluck();
    this.#s3Key = db.prepare('SELECT 1 FROM session_files WHERE s3_key = ? LIMIT 1').pluck();
    this.#busy = db.prepare(`SELECT id FROM sessions WHERE status IN ${BUSY_STATUSES}`).pluck();
    this.#isBusy = db.prepare(`SELECT 1 FROM sessions WHERE id = ? AND status IN ${BUSY_STATUSES}`).pluck();
    this.#parts = db.prepare(
      "SELECT part_path, session_id FROM imports WHERE state IN ('queued','running') AND part_path IS NOT NULL",
    );
  }

  /** A session row exists with this id (the name of its folder). */
  isSession(id: string): boolean {
    return this.#isSession.get(id) !== undefined;
  }

  /**
   * Of `names` in a folder, those no file row references, either as `prefix + name` (managed, relative to the
   * library) or as `absolutePrefix + name` (an in-place reference that lies inside the library). One statement.
   */
  unreferencedNames(names: readonly string[], prefix: string, absolutePrefix: string): string[] {
    return this.#unreferenced.all(JSON.stringify(names), prefix, absolutePrefix) as string[];
  }

  /**
   * Every stored path below the folder `prefix` (relative, ending in the separator), relative to that folder: one
   * range of the `session_files(path)` index instead of one lookup per name. Deeper folders' paths come along.
   */
  storedPathsUnder(prefix: string): string[] {
    return this.#storedUnder.all(prefix.length + 1, prefix, afterFolder(prefix.slice(0, -1))) as string[];
  }

  /** Some file row stores an absolute path inside `folder` (an in-place reference that lies in the library). */
  anyPathUnder(folder: string): boolean {
    return this.#anyUnder.get(folder + sep, afterFolder(folder)) !== undefined;
  }

  /** A file row stores this path (relative or absolute). */
  isFileReferenced(relativePath: string, absolutePath: string): boolean {
    return this.#file.get(relativePath, absolutePath) !== undefined;
  }

  /**
   * The sessions of unfinished imports that write this part file (as stored). An import row alone does not keep a
   * part file: the cleanup asks the job queue whether a live job still owns the session's download.
   */
  partOwners(partPath: string): (string | null)[] {
    return this.#partOwners.all(partPath) as (string | null)[];
  }

  /** A file row stores this location again: as its path (relative or absolute) or as its S3 key. */
  isLocationReferenced(relativePath: string, location: string): boolean {
    return this.#location.get(relativePath, location, location) !== undefined;
  }

  /** A file row's S3 copy has this key. */
  isS3KeyReferenced(key: string): boolean {
    return this.#s3Key.get(key) !== undefined;
  }

  /** Sessions whose folder is being written (pending, importing, processing, deleting). */
  busySessionIds(): string[] {
    return this.#busy.all() as string[];
  }

  isSessionBusy(id: string): boolean {
    return this.#isBusy.get(id) !== undefined;
  }

  /** Part files of URL imports still to finish or resume, as stored (relative to `.incoming`, or not), by session. */
  partsInFlight(): { part_path: string; session_id: string | null }[] {
    return this.#parts.all() as { part_path: string; session_id: string | null }[];
  }
}
