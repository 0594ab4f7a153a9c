/**
 * The soak's invariants, checked on the real files: the SQLite database (a copy of what a killed process left, and
 * a read-only connection to the running library), the library folder, and the S3 store (straight to s3rver, not
 * through the fault proxy). Each returns failures as `{ check, detail }`; a caller re-runs a failing check once
 * after a pause so that work finishing between two reads is not mistaken for a defect.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { sha256File } from '../helpers/media.js';
import type { Ledger } from './ledger.js';

export interface Failure {
  check: string;
  detail: string;
}

const SESSION_IN_KEY = /_(ses_[0-9a-z]{20})\//;

const hashes = new Map<string, { stat: string; sha: string }>();

/**
 * sha256 of a file, read again only when its inode, size, mtime or ctime (nanoseconds) changed since the last
 * look: any write, truncation, rename over it or replacement changes ctime, so an unchanged stat is unchanged bytes
 * (what lets the soak check every source and recording after every restart without re-reading thousands of them).
 */
export function sha256Cached(path: string): string {
  const s = statSync(path, { bigint: true });
  const stat = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  const hit = hashes.get(path);
  if (hit?.stat === stat) return hit.sha;
  const sha = sha256File(path);
  hashes.set(path, { stat, sha });
  return sha;
}

/**
 * integrity_check + foreign_key_check on a copy of the database files a killed process left (SQLite recovers the
 * WAL), and the job types that were running (the phase a kill landed in).
 */
export function checkCrashedDatabase(dbFile: string): { failures: Failure[]; running: string[] } {
  if (!existsSync(dbFile)) return { failures: [], running: [] };
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-soak-db-'));
  let keep = false;
  let sourceSizes = '';
  try {
    const copy = join(dir, 'library.db');
    // A copy whose size differs from its source's is taken again (seen once: a 4096-byte copy of a 5 MB library
    // whose next start opened every row); what is reported is then a copy that matches what is on disk.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      copyFileSync(dbFile, copy);
      const wal = existsSync(`${dbFile}-wal`);
      if (wal) copyFileSync(`${dbFile}-wal`, `${copy}-wal`);
      else rmSync(`${copy}-wal`, { force: true });
      const same = (a: string, b: string) => !existsSync(a) || statSync(a).size === statSync(b).size;
      if (same(dbFile, copy) && (!wal || same(`${dbFile}-wal`, `${copy}-wal`))) break;
    }
    sourceSizes = `source: library.db ${sizeOf(dbFile)}, library.db-wal ${sizeOf(`${dbFile}-wal`)}`;
    const db = new Database(copy);
    try {
      // Killed before its first migration committed (a `filmroom restore` into a new folder, killed at once): an
      // empty database is what SQLite must leave then, and the next run migrates it. (It was reported as "no such
      // table: jobs", seed 424242 round 366.)
      if ((db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number) === 0)
        return { failures: databaseChecks(db), running: [] };
      const running = db.prepare(`SELECT DISTINCT type FROM jobs WHERE state = 'running'`).pluck().all() as string[];
      return { failures: databaseChecks(db), running };
    } finally {
      db.close();
    }
  } catch (error) {
    // Kept for a post-mortem (with the -shm the killed process left): the copy that would not open is the evidence.
    keep = true;
    if (existsSync(`${dbFile}-shm`)) copyFileSync(`${dbFile}-shm`, join(dir, 'library.db-shm.original'));
    const sizes = ['library.db', 'library.db-wal'].map((n) => `${n} ${sizeOf(join(dir, n))}`).join(', ');
    const detail = `${(error as Error).message} (copies kept in ${dir}: ${sizes}; ${sourceSizes})`;
    return { failures: [{ check: 'database opens', detail }], running: [] };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

function sizeOf(path: string): string {
  return existsSync(path) ? `${statSync(path).size} bytes` : 'absent';
}

function databaseChecks(db: Database.Database): Failure[] {
  const out: Failure[] = [];
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok')
    out.push({ check: 'integrity_check', detail: JSON.stringify(integrity.slice(0, 5)) });
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) out.push({ check: 'foreign_key_check', detail: JSON.stringify(fk.slice(0, 5)) });
  return out;
}

interface FileRow {
  id: number;
  session_id: string;
  kind: string;
  name: string;
  path: string;
  managed: number;
  size: number;
  sha256: string | null;
  s3_key: string | null;
  status: string;
  offload: string | null;
}

/** What one read-only snapshot of the running library says (one transaction, so it is consistent). */
export interface Snapshot {
  sessions: Map<string, { status: string; title: string; upload_state: string }>;
  files: FileRow[];
  /** Sessions in the trash, with the status they had before. */
  trash: Map<string, string>;
  markers: Map<string, Map<number, string>>;
  debts: Set<string>;
  ownedUploads: Set<string>;
  /** Sessions with work still queued or running (jobs, imports): their folders may hold files not yet recorded. */
  live: Set<string>;
  liveParts: Set<string>;
  liveCount: number;
  counters: Failure[];
  db: Failure[];
}

export function snapshot(dbFile: string): Snapshot {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.transaction(() => read(db))();
  } finally {
    db.close();
  }
}

function read(db: Database.Database): Snapshot {
  const sessions = new Map<string, { status: string; title: string; upload_state: string }>();
  for (const r of db.prepare('SELECT id, status, title, upload_state FROM sessions').all() as {
    id: string;
    status: string;
    title: string;
    upload_state: string;
  }[])
    sessions.set(r.id, r);
  const files = db
    .prepare(
      `SELECT f.id, f.session_id, f.kind, f.name, f.path, f.managed, f.size, f.sha256, f.s3_key, s.status,
              o.state AS offload
         FROM session_files f JOIN sessions s ON s.id = f.session_id LEFT JOIN offloads o ON o.file_id = f.id`,
    )
    .all() as FileRow[];
  const trash = new Map(
    (
      db.prepare('SELECT session_id, former_status FROM trash').all() as { session_id: string; former_status: string }[]
    ).map((t) => [t.session_id, t.former_status]),
  );
  const markers = new Map<string, Map<number, string>>();
  for (const m of db.prepare('SELECT id, session_id, text FROM markers').all() as {
    id: number;
    session_id: string;
    text: string;
  }[]) {
    if (!markers.has(m.session_id)) markers.set(m.session_id, new Map());
    markers.get(m.session_id)!.set(m.id, m.text);
  }
  const debts = new Set(db.prepare('SELECT location FROM storage_debts').pluck().all() as string[]);
  // A delete's storage waits in deletion_queue (migration 0028) until its sweep: owed, like a debt, and live work.
  const queued = db.prepare('SELECT session_id, object_keys FROM deletion_queue').all() as {
    session_id: string;
    object_keys: string;
  }[];
  for (const q of queued) for (const key of JSON.parse(q.object_keys) as string[]) debts.add(key);
  const ownedUploads = new Set(
    db
      .prepare(
        `SELECT multipart_upload_id FROM uploads WHERE multipart_upload_id IS NOT NULL AND state IN ('queued','uploading')`,
      )
      .pluck()
      .all() as string[],
  );
  const liveJobs = db.prepare(`SELECT session_id, type FROM jobs WHERE state IN ('queued','running')`).all() as {
    session_id: string | null;
    type: string;
  }[];
  const liveImports = db
    .prepare(`SELECT session_id, part_path FROM imports WHERE state IN ('queued','running')`)
    .all() as { session_id: string | null; part_path: string | null }[];
  const live = new Set<string>();
  for (const j of [...liveJobs, ...liveImports]) if (j.session_id) live.add(j.session_id);
  for (const [id, s] of sessions)
    if (['pending', 'importing', 'processing', 'deleting'].includes(s.status)) live.add(id);
  for (const q of queued) live.add(q.session_id);
  const liveParts = new Set(liveImports.map((i) => i.part_path).filter((p): p is string => !!p));
  return {
    sessions,
    files,
    trash,
    markers,
    debts,
    ownedUploads,
    live,
    liveParts,
    liveCount: liveJobs.length + liveImports.length,
    counters: counterChecks(db),
    db: databaseChecks(db),
  };
}

function counterChecks(db: Database.Database): Failure[] {
  const out: Failure[] = [];
  const counted = db
    .prepare(
      `SELECT c.status, c.platform, c.coach_id, c.n, c.bytes, IFNULL(s.n, 0) AS real_n, IFNULL(s.bytes, 0) AS real_bytes
         FROM session_counts c LEFT JOIN (
           SELECT status, platform, coach_id, count(*) AS n, sum(size) AS bytes FROM sessions WHERE listed = 1
            GROUP BY status, platform, coach_id) s USING (status, platform, coach_id)
        WHERE c.n <> IFNULL(s.n, 0) OR c.bytes <> IFNULL(s.bytes, 0)
       UNION ALL
       SELECT s.status, s.platform, s.coach_id, 0, 0, count(*), sum(s.size) FROM sessions s
        WHERE s.listed = 1 AND NOT EXISTS (SELECT 1 FROM session_counts c WHERE c.status = s.status
              AND c.platform = s.platform AND c.coach_id = s.coach_id)
        GROUP BY s.status, s.platform, s.coach_id`,
    )
    .all();
  if (counted.length > 0) out.push({ check: 'session_counts = count(sessions)', detail: JSON.stringify(counted) });
  const trash = db
    .prepare(
      `SELECT t.sessions, t.bytes, (SELECT count(*) FROM trash) AS real_n, (SELECT IFNULL(sum(bytes), 0) FROM trash) AS real_bytes
         FROM trash_totals t WHERE id = 1`,
    )
    .get() as { sessions: number; bytes: number; real_n: number; real_bytes: number } | undefined;
  if (trash && (trash.sessions !== trash.real_n || trash.bytes !== trash.real_bytes))
    out.push({ check: 'trash_totals = count(trash)', detail: JSON.stringify(trash) });
  return out;
}

/** Every file under `dir`, relative to it. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

export interface ObjectInfo {
  size: number;
  sha256: string | null;
}

export async function listObjects(client: S3Client, bucket: string, prefix: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) out.set(o.Key!, o.Size ?? 0);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

export async function headObject(client: S3Client, bucket: string, key: string): Promise<ObjectInfo | null> {
  try {
    const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { size: h.ContentLength ?? -1, sha256: h.Metadata?.sha256 ?? null };
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw error;
  }
}

export interface LibraryCheckInput {
  dataDir: string;
  client: S3Client;
  bucket: string;
  prefix: string;
  ledger: Ledger | null;
  /** Check the bucket against this library (false for a second library restored from someone else's bucket). */
  objects: boolean;
}

/** One pass of every invariant on the running library; the snapshot's `live` work is exempt where noted. */
export async function checkLibrary(input: LibraryCheckInput): Promise<{ failures: Failure[]; snap: Snapshot }> {
  const libraryDir = join(input.dataDir, 'library');
  const onDisk = listFiles(libraryDir); // before the snapshot: a file written later is not looked at
  const objectsBefore = input.objects
    ? await listObjects(input.client, input.bucket, input.prefix)
    : new Map<string, number>();
  const snap = snapshot(join(input.dataDir, 'library.db'));
  const failures: Failure[] = [...snap.db, ...snap.counters];
  const out = (check: string, detail: string) => failures.push({ check, detail });

  // Every session's files exist, or are offloaded with a matching object.
  const referenced = new Set<string>();
  for (const f of snap.files) {
    if (f.managed) referenced.add(f.path);
    if (f.status === 'deleting' || snap.live.has(f.session_id)) continue;
    if (!f.managed && f.path.startsWith('s3://')) {
      // Listed from the bucket, not downloaded (a restored library): the object must be there, as recorded.
      const key = f.s3_key ?? f.path.slice(`s3://${input.bucket}/`.length);
      const head = await headObject(input.client, input.bucket, key);
      if (!head) out('remote files have their object', `${f.session_id} ${f.name}: ${key} missing`);
      else if (head.size !== f.size)
        out('remote files have their object', `${f.session_id} ${f.name}: row ${f.size} bytes, object ${head.size}`);
      continue;
    }
    const absolute = f.managed ? join(libraryDir, f.path) : f.path;
    const local = existsSync(absolute) ? statSync(absolute).size : null;
    if (f.offload === 'offloaded' || f.offload === 'restoring' || f.offload === 'offloading') {
      if (!f.s3_key) {
        out('offloaded file has an object', `${f.session_id} ${f.name}: no s3_key`);
        continue;
      }
      const head = await headObject(input.client, input.bucket, f.s3_key);
      if (!head) out('offloaded file has an object', `${f.session_id} ${f.name}: ${f.s3_key} missing`);
      else if (head.size !== f.size || (f.sha256 && head.sha256 !== f.sha256))
        out(
          'offloaded object matches (size + sha256)',
          `${f.session_id} ${f.name}: row ${f.size}/${f.sha256} object ${head.size}/${head.sha256}`,
        );
      continue;
    }
    if (local === null) out('session files exist', `${f.session_id} (${f.status}) ${f.kind} ${f.path}`);
    else if (f.kind === 'recording' && local !== f.size)
      out('session files exist', `${f.session_id} ${f.path}: ${local} bytes on disk, row says ${f.size}`);
  }

  // No file in the library that no row references (beyond the .part/.incoming of live work).
  for (const rel of onDisk) {
    if (referenced.has(rel)) continue;
    const [top] = rel.split('/');
    if (top === '.incoming' && (snap.liveCount > 0 || snap.liveParts.has(rel))) continue;
    if (top && snap.live.has(top)) continue;
    if (!existsSync(join(libraryDir, rel))) continue; // removed meanwhile
    out('no unreferenced file in the library', rel);
  }

  // No multipart upload the library does not own.
  const mpu = input.objects
    ? await input.client.send(new ListMultipartUploadsCommand({ Bucket: input.bucket, Prefix: input.prefix }))
    : { Uploads: [] };
  for (const u of mpu.Uploads ?? [])
    if (!snap.ownedUploads.has(u.UploadId!))
      out('no multipart upload the library does not own', `${u.Key} ${u.UploadId}`);

  // Every object under the prefix belongs to a session, a tombstone or a storage debt.
  for (const key of objectsBefore.keys()) {
    const id = SESSION_IN_KEY.exec(key)?.[1];
    if (id && snap.sessions.has(id)) continue;
    if (snap.debts.has(key) || key.endsWith('/deleted.json')) continue;
    if ([...snap.debts].some((d) => d.endsWith('/') && key.startsWith(d))) continue;
    out('every object belongs to a session, tombstone or debt', key);
  }

  if (input.ledger) failures.push(...(await checkLedger(input.ledger, snap, libraryDir, input)));
  return { failures, snap };
}

/** Every acknowledged write is still there; what was in flight is settled to what the library shows. */
async function checkLedger(
  ledger: Ledger,
  snap: Snapshot,
  libraryDir: string,
  input: LibraryCheckInput,
): Promise<Failure[]> {
  const out: Failure[] = [];
  for (const [path, sha] of ledger.sources) {
    if (!existsSync(path)) out.push({ check: 'import sources untouched', detail: `${path} is gone` });
    else if (sha256Cached(path) !== sha) out.push({ check: 'import sources untouched', detail: `${path} changed` });
  }
  for (const e of ledger.entries.values()) {
    const row = snap.sessions.get(e.id);
    const state = row && row.status !== 'deleting' ? 'present' : 'gone';
    if (!e.presence.has(state)) {
      out.push({
        check: 'acknowledged writes kept',
        detail: `${e.id} (step ${e.step}) is ${state}${row ? ` (${row.status})` : ''}, expected ${[...e.presence].join('|')}`,
      });
      continue;
    }
    e.presence = new Set([state]);
    if (state === 'gone' || !row) continue;
    const trashed = snap.trash.has(e.id);
    if (!e.trashed.has(trashed))
      out.push({
        check: 'acknowledged writes kept',
        detail: `${e.id}: trashed=${trashed}, expected ${[...e.trashed].join('|')}`,
      });
    e.trashed = new Set([trashed]);
    if (e.titles && !e.titles.has(row.title))
      out.push({
        check: 'acknowledged writes kept',
        detail: `${e.id}: title '${row.title}', expected ${JSON.stringify([...e.titles])}`,
      });
    else if (e.titles) e.titles = new Set([row.title]);
    const markers = snap.markers.get(e.id) ?? new Map<number, string>();
    for (const [mid, text] of e.markers) {
      if (markers.get(mid) === text) continue;
      if (e.markersMaybeGone.has(mid) && !markers.has(mid)) {
        e.markers.delete(mid);
        continue;
      }
      out.push({
        check: 'acknowledged writes kept',
        detail: `${e.id}: marker ${mid} '${text}' is ${markers.has(mid) ? 'changed' : 'missing'}`,
      });
    }
    e.markersMaybeGone.clear();
    if (e.shas && !snap.live.has(e.id)) {
      const rec = snap.files.find((f) => f.session_id === e.id && (f.kind === 'recording' || f.kind === 'audio'));
      if (!rec) {
        // A failed import (a corrupt file) has no recording, in the trash too; nor has an import trashed before
        // its media arrived (its download is cancelled; what a restore from the trash does then is reported apart).
        if (!['failed', 'pending', 'importing'].includes(snap.trash.get(e.id) ?? row.status))
          out.push({ check: 'acknowledged writes kept', detail: `${e.id} (${row.status}): no recording file` });
      } else if (!rec.offload) {
        const abs = rec.managed ? join(libraryDir, rec.path) : rec.path;
        if (existsSync(abs) && !e.shas.has(sha256Cached(abs)))
          out.push({
            check: 'acknowledged writes kept',
            detail: `${e.id}: recording ${rec.path} has other bytes than its source`,
          });
      } else if (rec.s3_key) {
        const head = await headObject(input.client, input.bucket, rec.s3_key);
        if (head?.sha256 && !e.shas.has(head.sha256))
          out.push({ check: 'acknowledged writes kept', detail: `${e.id}: offloaded object has another sha256` });
      }
    }
  }
  return out;
}
