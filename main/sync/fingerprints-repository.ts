/** The `file_fingerprints` table (migration 0014): what each session file looked like when its sha256 was taken. */
import type { LibraryDb } from '../db/index.js';

export interface StoredFingerprint {
  sha256: string;
  size: number;
  ino: string;
  mtime_ns: string;
  ctime_ns: string;
}

export class FingerprintsRepository {
  constructor(private readonly db: LibraryDb) {}

  get(fileId: number): StoredFingerprint | undefined {
    return this.db
      .prepare('SELECT sha256, size, ino, mtime_ns, ctime_ns FROM file_fingerprints WHERE file_id = ?')
      .get(fileId) as StoredFingerprint | undefined;
  }

  put(fileId: number, f: StoredFingerprint, now: string): void {
    this.db
      .prepare(
        `INSERT INTO file_fingerprints (file_id, sha256, size, ino, mtime_ns, ctime_ns, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(file_id) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, ino = excluded.ino,
           mtime_ns = excluded.mtime_ns, ctime_ns = excluded.ctime_ns, recorded_at = excluded.recorded_at`,
      )
      .run(fileId, f.sha256, f.size, f.ino, f.mtime_ns, f.ctime_ns, now);
  }
}
