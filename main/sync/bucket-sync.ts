/**
 * Sync with bucket: lists the prefix (paged), rebuilds sessions the library lacks (from `session.json` when
 * present, else from the key and the object's metadata) as held in S3 only, and flags library files whose
 * objects vanished (their stale key is dropped so the next backup sends them again; local files are never
 * touched). Idempotent: a second run finds nothing new.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Session } from '../../shared/contract/session-schema.js';
import type { SessionFileRow } from '../library/index.js';
import { PLATFORMS } from '../../shared/contract/session-schema.js';
import type { AuditLog } from '../library/index.js';
import type { Db } from '../db/index.js';
import type { LibraryService } from '../library/index.js';
import type { MarkersRepository } from '../library/index.js';
import type { SessionsRepository } from '../library/index.js';
import type { AnalysesRepository, TranscriptsRepository } from '../library/index.js';
import type { OffloadsRepository } from './offload/offloads-repository.js';
import type { Clock } from '../platform/clock.js';
import { REMOTE_PATH_PREFIX, type BackupService } from './backup-service.js';
import type { SyncConfigService } from './config.js';
import { manifestSchema, type Manifest } from './manifest.js';
import { MANIFEST_NAME, parseObjectKey, unslug, type ParsedKey } from './object-keys.js';
import { storeReason } from './retry.js';
import { ApiError } from '../../shared/contract/errors.js';
import type { S3ClientCache } from './s3-client.js';

export interface BucketSyncDeps {
  db: Db;
  sessions: SessionsRepository;
  transcripts: TranscriptsRepository;
  markers: MarkersRepository;
  analyses: AnalysesRepository;
  /** Offloaded files keep their key when their object vanishes (it is all that is left of them). */
  offloads: OffloadsRepository;
  library: LibraryService;
  audit: AuditLog;
  backup: BackupService;
  config: SyncConfigService;
  clients: S3ClientCache;
  clock: Clock;
}

export interface BucketSyncResult {
  discovered: number;
  updated: number;
  missing: number;
  errors: string[];
}

interface Listed {
  key: string;
  size: number;
}

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

  async run(): Promise<BucketSyncResult> {
    const config = this.deps.config.require();
    const client = this.deps.clients.get(config);
    const result: BucketSyncResult = { discovered: 0, updated: 0, missing: 0, errors: [] };
    // The store unreachable (down, resetting, answering 5xx): a plain 503, nothing changed, try again later.
    const listed = await this.#list(client, config.bucket, config.prefix).catch((error: unknown) => {
      throw new ApiError(503, `The S3 store could not be listed: ${storeReason(error)}`);
    });
    const byKey = new Map(listed.map((o) => [o.key, o]));
    const folders = new Map<string, { parsed: ParsedKey; objects: Listed[] }>();
    for (const object of listed) {
      const parsed = parseObjectKey(config.prefix, object.key);
      if (!parsed) continue;
      const entry = folders.get(parsed.sessionId) ?? { parsed, objects: [] };
      entry.objects.push(object);
      folders.set(parsed.sessionId, entry);
    }
    for (const [sessionId, { parsed, objects }] of folders) {
      try {
        if (this.deps.sessions.get(sessionId)) {
          result.updated += this.#adopt(sessionId, objects);
        } else {
          await this.#discover(client, config.bucket, parsed, objects);
          result.discovered += 1;
        }
      } catch (error) {
        result.errors.push(`${parsed.folder}: ${storeReason(error)}`);
      }
    }
    result.missing = this.#flagMissing(config.prefix, byKey);
    return result;
  }

  async #list(client: S3Client, bucket: string, prefix: string): Promise<Listed[]> {
    const out: Listed[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
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

  async #discover(client: S3Client, bucket: string, parsed: ParsedKey, objects: Listed[]): Promise<void> {
    const manifestObject = objects.find((o) => o.key === parsed.folder + MANIFEST_NAME);
    const manifest = manifestObject ? await this.#readManifest(client, bucket, manifestObject.key) : null;
    const now = this.deps.clock.now().toISOString();
    const recording = objects.find(
      (o) => KIND_BY_EXT[o.key.slice(o.key.lastIndexOf('.') + 1).toLowerCase()] === 'recording',
    );
    let platform: Session['platform'] = 'local';
    if (!manifest && recording) {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: recording.key }));
      const p = head.Metadata?.platform;
      if (p && (PLATFORMS as readonly string[]).includes(p)) platform = p as Session['platform'];
    }
    const s = manifest?.session;
    const byName = new Map((manifest?.files ?? []).map((f) => [f.name, f]));
    const files = objects.map((o) => {
      const name = o.key.slice(parsed.folder.length);
      const known = byName.get(name);
      const kind =
        (known?.kind as SessionFileRow['kind'] | undefined) ??
        (name === MANIFEST_NAME
          ? 'other'
          : (KIND_BY_EXT[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'other'));
      return {
        kind,
        name,
        path: `${REMOTE_PATH_PREFIX}${bucket}/${o.key}`,
        managed: false,
        size: o.size,
        sha256: known?.sha256 ?? null,
        key: o.key,
      };
    });
    const id = parsed.sessionId;
    this.deps.db.transaction(() => {
      this.deps.sessions.insert(
        {
          id,
          title: s?.title ?? (unslug(parsed.titleSlug) || 'Recording from S3'),
          status: 'uploaded',
          platform: s?.platform ?? platform,
          coach_id: s?.coach_id ?? parsed.coachId,
          client: s?.client ?? (parsed.clientSlug === 'no-client' ? '' : unslug(parsed.clientSlug)),
          recorded_at: s?.recorded_at ?? `${parsed.date}T00:00:00.000Z`,
          created_at: s?.created_at ?? now,
          duration: s?.duration ?? null,
          size: s?.size ?? recording?.size ?? 0,
          sha256: s?.sha256 ?? null,
          transcript_status: manifest && manifest.transcript.length > 0 ? 'ready' : 'none',
        },
        (manifest?.participants ?? []).map((p) => ({ name: p.name, role: p.role as 'participant' })),
        files,
      );
      for (const f of files) this.deps.sessions.setFileS3KeyByName(id, f.name, f.key);
      if (manifest) this.#applyManifest(id, manifest, now);
      this.deps.sessions.update(id, { upload_state: 'synced' }, now);
      this.deps.audit.write({
        actor: 'system',
        action: 'sync.discovered',
        sessionId: id,
        details: { folder: parsed.folder },
      });
    })();
    // On the work connection, so after the library's transaction: inside it the work connection cannot take the
    // write lock ("database is locked", and the session was never restored). Re-computable if a crash skips it.
    if (manifest?.analysis)
      this.deps.analyses.save({ sessionId: id, jobId: null, data: { ...manifest.analysis, stage: 'complete' }, now });
    this.deps.library.announce(id, 'session.created');
  }

  #applyManifest(id: string, m: Manifest, now: string): void {
    this.deps.sessions.update(id, { notes: m.session.notes, tags: JSON.stringify(m.session.tags) }, now);
    if (m.transcript.length > 0) this.deps.transcripts.replaceSegments(id, m.transcript);
    if (m.markers.length > 0)
      this.deps.markers.addMany(
        id,
        m.markers.map((k) => ({ t: k.t, kind: k.kind as 'note', author: k.author, text: k.text })),
        now,
      );
  }

  async #readManifest(client: S3Client, bucket: string, key: string): Promise<Manifest | null> {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await out.Body?.transformToString()) ?? '';
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  }

  /** Library files whose objects are gone: flagged in the audit log, key dropped, local copy kept. */
  #flagMissing(prefix: string, listed: Map<string, Listed>): number {
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
    return gone.length;
  }
}
