/**
 * Rebuilds sessions from their bucket folders (restore job and bucket sync share it). Two phases, so writes to the
 * two connections never nest (issue 18: the analysis, written on the work connection inside a transaction of the
 * library connection, waited 5 s for a lock its own process held and failed with "database is locked"):
 *   read     — async, no writes: reads and verifies the folder's manifest (HMAC, key-path ownership);
 *   commit   — one short library transaction for a batch of sessions (rows, participants, files as `remote`,
 *              transcript, markers), then, after it commits, one work transaction for their analyses.
 * A crash between the two leaves sessions whose row says `analysis_status: ready` without a result: the next run
 * finds them (`needsAnalysis`) and saves the result again. Folders holding `deleted.json` (a tombstone) are skipped
 * unless the caller explicitly asks to restore deleted sessions.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LibraryDb, WorkDb } from '../../db/index.js';
import type {
  AnalysesRepository,
  AuditLog,
  LibraryService,
  MarkersRepository,
  SessionFileRow,
  SessionsRepository,
  SpeakerEditsRepository,
  TranscriptsRepository,
} from '../../library/index.js';
import type { Clock } from '../../platform/clock.js';
import { REMOTE_PATH_PREFIX } from '../backup-service.js';
import type { S3Config } from '../config.js';
import { manifestSchema, type Manifest } from '../manifest.js';
import { MANIFEST_NAME, slug, type ParsedKey } from '../object-keys.js';
import type { OffloadsRepository } from '../offload/offloads-repository.js';
import { TOMBSTONE_NAME, type LibraryLayout } from '../../storage/index.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../retry.js';
import type { ManifestSigner } from './manifest-signer.js';
import type { RestoreCounter } from './restore-counts-repository.js';

const RESTORED_STATUSES = new Set(['uploaded', 'ready', 'failed']);

/** Where the analysis keeps a derived file (LibraryLayout.analysisDir, relative to the library). */
function artifactPath(sessionId: string, name: string): string {
  return `${sessionId}/analysis/${name}`;
}

export interface ListedObject {
  key: string;
  size: number;
}

export interface BucketFolder {
  parsed: ParsedKey;
  objects: ListedObject[];
}

export interface PreparedSession {
  folder: BucketFolder;
  manifest: Manifest;
  /** The signed text as stored: kept as the restored session's own `session.json` (its file row points at it). */
  text: string;
  /** The poster and strip, fetched and sha256-checked (small): written into the library, shown without analysis. */
  artifacts?: Map<string, Buffer>;
}

/** The cleanup module's `trash` rows (its table; built by the composition root before both modules). */
export interface TrashRows {
  insert(row: { sessionId: string; formerStatus: string; deletedAt: string; bytes: number; coachId: string }): void;
}

/** A folder that is not imported, with the reason (reported to the coach, never silently dropped). */
export class RestoreRefused extends Error {}

export interface SessionRestorerDeps {
  db: LibraryDb;
  workDb?: WorkDb;
  sessions: SessionsRepository;
  transcripts: TranscriptsRepository;
  markers: MarkersRepository;
  /** The coach's speaker renames and merges, written back so a re-analysis replays them. */
  speakerEdits: Pick<SpeakerEditsRepository, 'add'>;
  analyses: AnalysesRepository;
  offloads: OffloadsRepository;
  /** Announces a restored session to the library's listeners (the worker collects them for the API process). */
  library: Pick<LibraryService, 'announce'>;
  audit: AuditLog;
  signer: ManifestSigner;
  clock: Clock;
  /** The library folder: a restored session's `session.json` is written there, as its backup wrote it. */
  /** Every path rule of the library folder (storage's). */
  layout: LibraryLayout;
  /** Where a session backed up from the trash goes back (without it, such a session is restored listed). */
  trash?: TrashRows;
  /** A restore run's count of created sessions, bumped in the transaction that creates them (migration 0032). */
  counts?: RestoreCounter;
  retry?: RetryPolicy;
}

export class SessionRestorer {
  constructor(private readonly deps: SessionRestorerDeps) {}

  exists(id: string): boolean {
    return this.deps.sessions.get(id) !== undefined;
  }

  isTombstoned(folder: BucketFolder): boolean {
    return folder.objects.some((o) => o.key === folder.parsed.folder + TOMBSTONE_NAME);
  }

  hasManifest(folder: BucketFolder): boolean {
    return folder.objects.some((o) => o.key === folder.parsed.folder + MANIFEST_NAME);
  }

  /** A session restored earlier whose analysis result did not get saved (a crash between the two commits). */
  needsAnalysis(id: string): boolean {
    const row = this.deps.sessions.get(id);
    return row?.analysis_status === 'ready' && this.deps.analyses.load(id) === undefined;
  }

  /** Reads and checks the folder's manifest: its integrity, and that it belongs where it is stored. */
  async readFolder(client: S3Client, config: S3Config, folder: BucketFolder): Promise<PreparedSession> {
    const key = folder.parsed.folder + MANIFEST_NAME;
    // Reads are retried on transient failures (a reset keep-alive socket, a 503), like every store call.
    const text = await withRetry(
      async () => {
        const out = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
        const body = (await out.Body?.transformToString()) ?? '';
        // A connection reset mid-body can end the stream without an error: a short body is a transient failure,
        // read again, never a manifest reported as "not JSON".
        if (out.ContentLength !== undefined && Buffer.byteLength(body) !== out.ContentLength)
          throw new Error(`premature close: ${key} arrived incomplete`);
        return body;
      },
      { policy: this.deps.retry ?? DEFAULT_RETRY },
    );
    const verified = await this.deps.signer.verify(config, text);
    if (!verified.ok) throw new RestoreRefused(verified.reason);
    const parsed = manifestSchema.safeParse(verified.value);
    if (!parsed.success) throw new RestoreRefused('session.json does not have the expected fields');
    const m = parsed.data;
    // Ownership comes from the key layout the library wrote, never from the manifest's own claims.
    if (m.session.id !== folder.parsed.sessionId)
      throw new RestoreRefused(`session.json names session ${m.session.id} but is stored in another session's folder`);
    if (slug(m.session.coach_id, 'default') !== folder.parsed.coachId)
      throw new RestoreRefused(
        `session.json names coach "${m.session.coach_id}" but is stored under coach "${folder.parsed.coachId}"`,
      );
    return { folder, manifest: m, text, artifacts: await this.#fetchArtifacts(client, config, folder, m) };
  }

  /** Derived files the manifest lists (by key) whose object is there with its size and sha256; others are left held in S3. */
  async #fetchArtifacts(client: S3Client, config: S3Config, folder: BucketFolder, m: Manifest) {
    const out = new Map<string, Buffer>();
    const sizes = new Map(folder.objects.map((o) => [o.key, o.size]));
    for (const f of m.files) {
      if (f.kind !== 'thumbnail' || !f.sha256 || sizes.get(f.key) !== f.size) continue;
      if (!/^[\w.-]+$/.test(f.name)) continue; // a bare file name in the analysis folder, nothing else
      try {
        const bytes = await withRetry(
          async () => {
            const got = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: f.key }));
            return Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array());
          },
          { policy: this.deps.retry ?? DEFAULT_RETRY },
        );
        if (createHash('sha256').update(bytes).digest('hex') === f.sha256) out.set(f.key, bytes);
      } catch {
        // Not fatal: the file stays held in S3 (a re-analysis makes it again).
      }
    }
    return out;
  }

  /** One library transaction for the batch, then (after it commits) one work transaction for the analyses. */
  commit(batch: PreparedSession[], bucket: string): string[] {
    return this.commitSlice(batch, bucket, Infinity).created;
  }

  /**
   * Like `commit`, but the library transaction stops taking sessions once it has run `budgetMs` (at least one is
   * taken): the caller commits the rest in later slices, giving the event loop back in between, so the API's reads
   * never wait behind a long synchronous stretch (a batch of 10 analysed sessions with transcripts held the loop
   * for 100–370 ms on a loaded machine, and the list p99 during a restore was 5× idle). With a `runId` (a restore
   * job's), the sessions created are counted for that run in the same transaction.
   */
  commitSlice(
    batch: PreparedSession[],
    bucket: string,
    budgetMs: number,
    runId?: string,
  ): { created: string[]; taken: number } {
    const now = this.deps.clock.now().toISOString();
    const created: string[] = [];
    let taken = 0;
    const started = performance.now();
    this.deps.db.transaction(() => {
      for (const p of batch) {
        if (taken > 0 && performance.now() - started >= budgetMs) break;
        taken += 1;
        // Before the row: a crash in between leaves a file the orphan scan removes, never a row pointing at nothing.
        if (!this.exists(p.folder.parsed.sessionId)) {
          this.#writeManifestFile(p);
          this.#writeArtifacts(p);
        }
        if (this.#insert(p, bucket, now)) created.push(p.manifest.session.id);
      }
      if (runId !== undefined) this.deps.counts?.add(runId, created.length);
    })();
    const slice = batch.slice(0, taken);
    const analyses = slice.filter((p) => p.manifest.analysis && this.needsAnalysis(p.manifest.session.id));
    this.saveAnalyses(analyses, now);
    // A session restored into the trash is not listed: nothing to announce to the library.
    for (const id of created)
      if (this.deps.sessions.get(id)?.status !== 'trashed') this.deps.library.announce(id, 'session.created');
    return { created, taken };
  }

  #writeManifestFile({ folder, text }: PreparedSession): void {
    const absolute = this.deps.layout.resolveManaged(`${folder.parsed.sessionId}/${MANIFEST_NAME}`);
    if (!absolute) throw new RestoreRefused('the session folder would be outside the library');
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute + '.part', text);
    renameSync(absolute + '.part', absolute);
  }

  #writeArtifacts({ folder, manifest, artifacts }: PreparedSession): void {
    for (const f of manifest.files) {
      const bytes = artifacts?.get(f.key);
      const absolute = bytes && this.deps.layout.resolveManaged(artifactPath(folder.parsed.sessionId, f.name));
      if (!absolute) continue;
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute + '.part', bytes);
      renameSync(absolute + '.part', absolute);
    }
  }

  saveAnalyses(batch: PreparedSession[], now: string): void {
    if (batch.length === 0) return;
    const save = () => {
      for (const { manifest } of batch)
        this.deps.analyses.save({
          sessionId: manifest.session.id,
          jobId: null,
          data: { ...manifest.analysis, stage: 'complete' },
          now,
        });
    };
    if (this.deps.workDb) this.deps.workDb.transaction(save)();
    else save();
  }

  #insert({ folder, manifest: m, artifacts }: PreparedSession, bucket: string, now: string): boolean {
    const id = folder.parsed.sessionId;
    if (this.deps.sessions.get(id)) return false;
    const s = m.session;
    const byKey = new Map(m.files.map((f) => [f.key, f]));
    const files = folder.objects
      .filter((o) => o.key !== folder.parsed.folder + TOMBSTONE_NAME)
      .map((o) => {
        const name = o.key.slice(folder.parsed.folder.length);
        const known = byKey.get(o.key);
        if (name === MANIFEST_NAME)
          return { kind: 'other' as const, name, path: `${id}/${name}`, managed: true, size: o.size, key: o.key };
        if (known && artifacts?.has(o.key))
          // Fetched with the manifest: a local file where the analysis keeps it (the poster shows at once).
          return {
            kind: 'thumbnail' as const,
            name: known.name,
            path: artifactPath(id, known.name),
            managed: true,
            size: o.size,
            sha256: known.sha256,
            key: o.key,
          };
        if (known?.sha256 && known.size === o.size)
          // Held in S3 only, like an offloaded file: it keeps its library path for restore-local.
          return {
            kind: known.kind as SessionFileRow['kind'],
            name: known.name,
            path: `${id}/${name}`,
            managed: true,
            size: o.size,
            sha256: known.sha256,
            participant: known.participant ?? null,
            key: o.key,
            remote: true,
          };
        return {
          kind: (known?.kind ?? 'other') as SessionFileRow['kind'],
          name: known?.name ?? name,
          path: `${REMOTE_PATH_PREFIX}${bucket}/${o.key}`,
          managed: false,
          size: o.size,
          key: o.key,
        };
      });
    const status = RESTORED_STATUSES.has(s.status) ? (s.status as 'ready') : 'uploaded';
    // Backed up from the trash: back into the trash with its former status and the day it was trashed (its purge
    // date follows from the retention, as for any trashed session).
    const trashed = s.trash && this.deps.trash ? s.trash : null;
    this.deps.sessions.insert(
      {
        id,
        title: s.title,
        status: trashed ? 'trashed' : status,
        platform: s.platform,
        coach_id: s.coach_id,
        client: s.client,
        recorded_at: s.recorded_at,
        created_at: s.created_at,
        duration: s.duration,
        size: s.size,
        sha256: s.sha256,
        transcript_status: m.transcript.length > 0 ? 'ready' : 'none',
      },
      m.participants.map((p) => ({ name: p.name, role: p.role as 'participant' })),
      files,
    );
    const rows = this.deps.sessions.files(id);
    for (const f of files) {
      const row = rows.find((r) => r.path === f.path);
      if (!row) continue;
      this.deps.sessions.setFileS3Key(row.id, f.key);
      if ('remote' in f) this.deps.offloads.insertRemote({ fileId: row.id, sessionId: id, bytes: f.size, now });
    }
    this.deps.sessions.update(
      id,
      {
        notes: s.notes,
        tags: JSON.stringify(s.tags),
        upload_state: 'synced',
        analysis_status: m.analysis ? 'ready' : 'none',
        analysis_progress: m.analysis ? 100 : 0,
        ...(s.coach_share !== undefined && s.coach_share !== null ? { coach_share: s.coach_share } : {}),
      },
      now,
    );
    if (trashed)
      this.deps.trash?.insert({
        sessionId: id,
        formerStatus: status,
        deletedAt: trashed.deleted_at,
        bytes: s.size,
        coachId: s.coach_id,
      });
    if (m.transcript.length > 0) this.deps.transcripts.replaceSegments(id, m.transcript);
    for (const e of m.speaker_edits ?? [])
      this.deps.speakerEdits.add(
        id,
        e.kind === 'rename'
          ? { kind: 'rename', name: e.name ?? '', target: e.target }
          : { kind: 'merge', target: e.target, source: e.source ?? [] },
        now,
      );
    if (m.markers.length > 0)
      this.deps.markers.addMany(
        id,
        m.markers.map((k) => ({
          t: k.t,
          kind: k.kind as 'note',
          author: k.author,
          text: k.text,
          created_at: k.created_at,
        })),
        now,
      );
    this.deps.audit.write({
      actor: 'system',
      action: 'sync.discovered',
      sessionId: id,
      details: { folder: folder.parsed.folder },
    });
    return true;
  }
}
