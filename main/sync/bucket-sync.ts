/**
 * Sync with bucket: lists the prefix (paged), rebuilds sessions the library lacks (from `session.json` when
 * present and verified, else from the key and the object's metadata) as held in S3 only — never a folder holding a
 * tombstone (`deleted.json`) — and flags library files whose
 * objects vanished (their stale key is dropped so the next backup sends them again; local files are never
 * touched). Idempotent: a second run finds nothing new.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Session } from '../../shared/contract/session-schema.js';
import type { SessionFileRow } from '../library/index.js';
import { PLATFORMS } from '../../shared/contract/session-schema.js';
import type { AuditLog } from '../library/index.js';
import type { Db } from '../db/index.js';
import type { LibraryService } from '../library/index.js';
import type { SessionsRepository, StorageDebtsRepository } from '../library/index.js';
import type { OffloadsRepository } from './offload/offloads-repository.js';
import type { Clock } from '../platform/clock.js';
import { REMOTE_PATH_PREFIX, type BackupService } from './backup-service.js';
import type { SyncConfigService } from './config.js';
import { unslug, type ParsedKey } from './object-keys.js';
import { groupFolders, listObjects } from './restore/bucket-folders.js';
import { RestoreRefused, type ListedObject, type SessionRestorer } from './restore/session-restorer.js';
import { DEFAULT_RETRY, storeReason, withRetry } from './retry.js';
import { ApiError } from '../../shared/contract/errors.js';
import type { S3ClientCache } from './s3-client.js';

export interface BucketSyncDeps {
  db: Db;
  sessions: SessionsRepository;
  /** Rebuilds sessions from their signed manifests (shared with the restore job). */
  restorer: SessionRestorer;
  /** Offloaded files keep their key when their object vanishes (it is all that is left of them). */
  offloads: OffloadsRepository;
  library: LibraryService;
  audit: AuditLog;
  backup: BackupService;
  config: SyncConfigService;
  clients: S3ClientCache;
  clock: Clock;
  /** Sessions deleted here whose objects the store has not removed yet (it was down): leftovers, not sessions. */
  debts: Pick<StorageDebtsRepository, 'owesObjects'>;
}

export interface BucketSyncResult {
  discovered: number;
  updated: number;
  missing: number;
  /** The sessions those missing objects belonged to, so a coach can open each (issue 24). */
  missing_sessions: { id: string; title: string }[];
  errors: string[];
}

type Listed = ListedObject;

const KIND_BY_EXT: Record<string, SessionFileRow['kind']> = {
  mp4: 'recording',
  mov: 'recording',
  mkv: 'recording',
  webm: 'recording',
  m4a: 'audio',
  mp3: 'audio',
  wav: 'audio',
  vtt: 'transcript',
  txt: 'chat',
};

export class BucketSync {
  constructor(private readonly deps: BucketSyncDeps) {}

  /**
   * `coachFolder`: only that coach's session folders (`{prefix}{coach}/…`: a device scoped to one coach, issue 20),
   * listed, restored and judged for missing objects; the others are neither read nor touched.
   */
  async run({ coachFolder }: { coachFolder?: string } = {}): Promise<BucketSyncResult> {
    const config = this.deps.config.require();
    const client = this.deps.clients.get(config);
    const listPrefix = coachFolder === undefined ? config.prefix : `${config.prefix}${coachFolder}/`;
    const result: BucketSyncResult = { discovered: 0, updated: 0, missing: 0, missing_sessions: [], errors: [] };
    // Retried on transient failures (a keep-alive socket the store closed, a 503); a store still unreachable after
    // the retries is a plain 503, nothing changed, try again later.
    const listed = await withRetry(() => listObjects(client, config.bucket, listPrefix), {
      policy: DEFAULT_RETRY,
    }).catch((error: unknown) => {
      throw new ApiError(503, `The S3 store could not be listed: ${storeReason(error)}`);
    });
    const byKey = new Map(listed.map((o) => [o.key, o]));
    const folders = groupFolders(config.prefix, listed);
    for (const [sessionId, folder] of folders) {
      const { parsed, objects } = folder;
      try {
        if (this.deps.sessions.get(sessionId)) {
          result.updated += this.#adopt(sessionId, objects);
          if (this.deps.restorer.needsAnalysis(sessionId) && this.deps.restorer.hasManifest(folder)) {
            const prepared = await this.deps.restorer.readFolder(client, config, folder);
            this.deps.restorer.saveAnalyses([prepared], this.deps.clock.now().toISOString());
          }
        } else if (this.deps.restorer.isTombstoned(folder) || this.deps.debts.owesObjects(sessionId)) {
          continue; // deleted: a tombstone, or the objects a delete here still owes, keep it from coming back
        } else if (this.deps.restorer.hasManifest(folder)) {
          const prepared = await this.deps.restorer.readFolder(client, config, folder);
          this.deps.restorer.commit([prepared], config.bucket);
          result.discovered += 1;
        } else {
          await this.#discover(client, config.bucket, parsed, objects);
          result.discovered += 1;
        }
      } catch (error) {
        result.errors.push(`${parsed.folder}: ${error instanceof RestoreRefused ? error.message : storeReason(error)}`);
      }
    }
    const missing = this.#flagMissing(listPrefix, byKey);
    result.missing = missing.files;
    result.missing_sessions = missing.sessions.map((id) => ({ id, title: this.deps.sessions.get(id)?.title ?? id }));
    return result;
  }

  /** Library files of a known session whose object exists but which lack the key (e.g. a backup interrupted before its bookkeeping). */
  #adopt(sessionId: string, objects: Listed[]): number {
    let changed = 0;
    for (const file of this.deps.sessions.files(sessionId)) {
      if (file.s3_key) continue;
      const object = objects.find((o) => o.key.endsWith('/' + file.name) && o.size === file.size);
      if (!object) continue;
      this.deps.sessions.setFileS3Key(file.id, object.key);
      changed += 1;
    }
    if (changed > 0) this.deps.backup.refreshState(sessionId);
    return changed > 0 ? 1 : 0;
  }

  /** A folder without a manifest (objects another tool put there): rebuilt from the key and the object's metadata. */
  async #discover(client: S3Client, bucket: string, parsed: ParsedKey, objects: Listed[]): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const recording = objects.find(
      (o) => KIND_BY_EXT[o.key.slice(o.key.lastIndexOf('.') + 1).toLowerCase()] === 'recording',
    );
    let platform: Session['platform'] = 'local';
    if (recording) {
      // One call whose answer is read whole: the SDK's standard retries are the policy (sync/s3-client.ts).
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: recording.key }));
      const p = head.Metadata?.platform;
      if (p && (PLATFORMS as readonly string[]).includes(p)) platform = p as Session['platform'];
    }
    const files = objects.map((o) => {
      const name = o.key.slice(parsed.folder.length);
      const kind = KIND_BY_EXT[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'other';
      return { kind, name, path: `${REMOTE_PATH_PREFIX}${bucket}/${o.key}`, managed: false, size: o.size, key: o.key };
    });
    const id = parsed.sessionId;
    this.deps.db.transaction(() => {
      this.deps.sessions.insert(
        {
          id,
          title: unslug(parsed.titleSlug) || 'Recording from S3',
          status: 'uploaded',
          platform,
          // Ownership from the key layout the library wrote.
          coach_id: parsed.coachId,
          client: parsed.clientSlug === 'no-client' ? '' : unslug(parsed.clientSlug),
          recorded_at: `${parsed.date}T00:00:00.000Z`,
          created_at: now,
          size: recording?.size ?? 0,
        },
        [],
        files,
      );
      for (const f of files) this.deps.sessions.setFileS3KeyByName(id, f.name, f.key);
      this.deps.sessions.update(id, { upload_state: 'synced' }, now);
      this.deps.audit.write({
        actor: 'system',
        action: 'sync.discovered',
        sessionId: id,
        details: { folder: parsed.folder },
      });
    })();
    this.deps.library.announce(id, 'session.created');
  }

  /** Library files whose objects are gone: flagged in the audit log, key dropped, local copy kept. */
  #flagMissing(prefix: string, listed: Map<string, Listed>): { files: number; sessions: string[] } {
    const offloaded = this.deps.offloads.fileIds();
    const rows = this.deps.sessions.filesInBucket().map((f) => ({ ...f, offloaded: offloaded.has(f.id) }));
    // Only keys under the listed prefix can be judged (a changed prefix must not flag everything).
    const gone = rows.filter((r) => r.s3_key.startsWith(prefix) && !listed.has(r.s3_key));
    const touched = new Set<string>();
    for (const r of gone) {
      // An offloaded recording has no local copy: its key is all that is left of it, so it is kept (and reported).
      if (!r.offloaded) this.deps.sessions.setFileS3Key(r.id, null);
      this.deps.audit.write({
        actor: 'system',
        action: 'sync.missing',
        sessionId: r.session_id,
        details: { key: r.s3_key, ...(r.offloaded ? { offloaded: true } : {}) },
      });
      touched.add(r.session_id);
    }
    for (const id of touched) this.deps.backup.refreshState(id);
    return { files: gone.length, sessions: [...touched] };
  }
}
