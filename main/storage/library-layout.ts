/**
 * Every rule of the library folder in one place: where a session's folder and its analysis folder are, which of a
 * session's files is the main recording, and how a stored path becomes an absolute one without escaping the
 * library (`..`, absolute paths and — where a file is opened rather than unlinked — symlinks pointing out).
 */
import { realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { INCOMING_FOLDER } from '../platform/data-dir.js';
import { isInside, resolveInside } from '../platform/safe-path.js';

/** What the layout needs to know of a file row (see session_files). */
export interface StoredFile {
  kind: string;
  name: string;
  /** Relative to the library folder when managed; the coach's own absolute path when referenced in place. */
  path: string;
  managed: number | boolean;
}

const SESSION_FOLDER = /^ses_[0-9a-z]{20}$/;

export class FileOutsideLibraryError extends Error {
  constructor(name: string) {
    super(`The file ${name} is recorded outside the library folder`);
    this.name = 'FileOutsideLibraryError';
  }
}

export class LibraryLayout {
  readonly root: string;
  /** Half-written files (`.part`, browser uploads) before their rename into a session folder. */
  readonly incomingDir: string;
  /** Filmroom's data folder (the library folder's parent): a path import never reads from it. */
  readonly dataDir: string;

  constructor(libraryDir: string, incomingDir = join(libraryDir, INCOMING_FOLDER)) {
    this.root = resolve(libraryDir);
    this.incomingDir = resolve(incomingDir);
    this.dataDir = dirname(this.root);
  }

  /** A session's own folder: copies, downloads and everything derived from them. Deleted whole with the session. */
  sessionDir(sessionId: string): string {
    const dir = resolveInside(this.root, sessionId);
    if (!dir || dir.includes('/', this.root.length + 1))
      throw new Error(`invalid session id for a folder: ${sessionId}`);
    return dir;
  }

  /** Folders named like a session id (`ses_` + 20 characters): what start-up recovery and orphan scans look at. */
  isSessionFolderName(name: string): boolean {
    return SESSION_FOLDER.test(name);
  }

  /** Thumbnails, the timeline strip and the poster of a session's analysis. */
  analysisDir(sessionId: string): string {
    return join(this.sessionDir(sessionId), 'analysis');
  }

  /** One analysis artifact by bare name, or null for anything that is not a plain file name in that folder. */
  artifact(sessionId: string, name: string): string | null {
    const folder = this.analysisDir(sessionId);
    const absolute = resolveInside(folder, name);
    return absolute && relative(folder, absolute) === name ? absolute : null;
  }

  /** The path a managed file's row stores: relative to the library folder. */
  storedPath(absolute: string): string {
    return relative(this.root, resolve(absolute));
  }

  /** A managed row's path inside the library, or null when it would land outside (`..`, absolute, NUL). */
  resolveManaged(storedPath: string): string | null {
    return resolveInside(this.root, storedPath);
  }

  /** Where a file row's bytes are: inside the library when managed, the coach's own path when in place. */
  absolutePath(file: StoredFile): string {
    if (!isManaged(file)) return file.path;
    const path = this.resolveManaged(file.path);
    if (!path) throw new FileOutsideLibraryError(file.name);
    return path;
  }

  /**
   * Like absolutePath, for files about to be opened or served: a managed file whose real path (symlinks followed)
   * leaves the library is refused. Null when the file is missing or escapes.
   */
  openablePath(file: StoredFile): string | null {
    let path: string;
    try {
      path = this.absolutePath(file);
    } catch {
      return null;
    }
    if (!isManaged(file)) return path;
    try {
      return isInside(realpathSync(this.root), realpathSync(path)) ? path : null;
    } catch {
      return null;
    }
  }

  /** Is this absolute path inside the library folder (lexically)? */
  contains(absolute: string): boolean {
    return isInside(this.root, absolute);
  }

  /** The file a player, the analysis and the manifest treat as the session's recording. */
  mainRecording<F extends StoredFile>(files: readonly F[]): F | undefined {
    return files.find((f) => f.kind === 'recording') ?? files.find((f) => f.kind === 'audio');
  }
}

function isManaged(file: StoredFile): boolean {
  return file.managed === 1 || file.managed === true;
}
