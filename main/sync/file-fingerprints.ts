/**
 * The sha256 of a session file without reading it again when it cannot have changed. Hashing a 2 GB recording costs
 * seconds before the first byte goes out, and every "Back up" used to pay it for every file, although the import had
 * already hashed each one. A fingerprint (inode, size, mtime and ctime in ns — see migration 0014) is recorded each
 * time the sha256 is known to match the content; the same stat later means the same content. A changed file changes
 * its ctime (user space cannot set it), so it is hashed again and gets a new upload.
 */
import { stat } from 'node:fs/promises';
import type { SessionFileRow } from '../library/index.js';
import type { FingerprintsRepository } from './fingerprints-repository.js';

interface Fingerprint {
  size: number;
  ino: string;
  mtime_ns: string;
  ctime_ns: string;
}

export type HashFile = (path: string) => Promise<{ sha256: string; size: number }>;

async function fingerprintOf(path: string): Promise<Fingerprint & { ctime: bigint }> {
  const s = await stat(path, { bigint: true });
  return {
    size: Number(s.size),
    ino: String(s.ino),
    mtime_ns: String(s.mtimeNs),
    ctime_ns: String(s.ctimeNs),
    ctime: s.ctimeNs,
  };
}

const same = (a: Fingerprint, b: Fingerprint) =>
  a.size === b.size && a.ino === b.ino && a.mtime_ns === b.mtime_ns && a.ctime_ns === b.ctime_ns;

export class FileFingerprints {
  constructor(
    private readonly repo: FingerprintsRepository,
    private readonly hashFile: HashFile,
  ) {}

  /** The file's current sha256 and size: from its fingerprint when the file is untouched, else by reading it. */
  async sha256Of(file: SessionFileRow, path: string, now: string): Promise<{ sha256: string; size: number }> {
    const current = await fingerprintOf(path);
    const stored = this.repo.get(file.id);
    if (stored && same(stored, current)) return { sha256: stored.sha256, size: current.size };
    if (!stored && this.#unchangedSinceImport(file, current)) {
      this.#record(file.id, file.sha256!, current, now);
      return { sha256: file.sha256!, size: current.size };
    }
    const hashed = await this.hashFile(path);
    // Only a hash whose bytes are the ones stat saw is worth remembering: a file written while it was read is not.
    const after = await fingerprintOf(path);
    if (same(current, after) && hashed.size === after.size) this.#record(file.id, hashed.sha256, after, now);
    return hashed;
  }

  /**
   * A file the library manages is written once (copied to `.part`, hashed in the same pass, renamed) before its row
   * is recorded with that sha256. A ctime older than the row means nothing touched the inode since: the recorded
   * sha256 still holds. A user's own file (referenced in place) gets no such trust: it is hashed once here.
   */
  #unchangedSinceImport(file: SessionFileRow, current: Fingerprint & { ctime: bigint }): boolean {
    if (file.managed !== 1 || !file.sha256 || file.size !== current.size) return false;
    const recordedMs = Date.parse(file.created_at);
    // The row's time comes from the app's clock; one ahead of the wall clock (a test's) proves nothing.
    if (!Number.isFinite(recordedMs) || recordedMs > Date.now()) return false;
    return current.ctime < BigInt(recordedMs) * 1_000_000n;
  }

  #record(fileId: number, sha256: string, f: Fingerprint, now: string): void {
    this.repo.put(fileId, { sha256, size: f.size, ino: f.ino, mtime_ns: f.mtime_ns, ctime_ns: f.ctime_ns }, now);
  }
}
