/**
 * Reads one held session's manifest again (issue 20: another device's later backup re-wrote it), through the
 * restore path: the folder is the one this library's rows know for the session (never one a change names), its
 * `session.json` is verified like any restore's (HMAC, session id and coach from the key path), then what a later
 * backup adds is brought here: the transcript, the analysis result and its summary fields, the speaker edits, the
 * participants when asked, the poster, and files new in the bucket (held there only, `local_copy: "remote"`, like
 * any restored file). Markers, title, client, notes and tags are not taken from it: they travel as the devices'
 * own changes (a snapshot would undo a newer edit). A manifest equal to the one held is not applied again.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { LibraryDb, WorkDb } from '../../db/index.js';
import type {
  AnalysesRepository,
  AuditLog,
  LibraryService,
  SessionFileRow,
  SessionsRepository,
  SpeakerEditsRepository,
  TranscriptsRepository,
} from '../../library/index.js';
import type { Clock } from '../../platform/clock.js';
import type { LibraryLayout } from '../../storage/index.js';
import type { SyncConfigService } from '../config.js';
import type { Manifest } from '../manifest.js';
import { backupFolder, MANIFEST_NAME, parseObjectKey } from '../object-keys.js';
import type { OffloadsRepository } from '../offload/offloads-repository.js';
import { DEFAULT_RETRY, withRetry } from '../retry.js';
import type { S3ClientCache } from '../s3-client.js';
import { listObjects } from './bucket-folders.js';
import { RestoreRefused, type PreparedSession, type SessionRestorer } from './session-restorer.js';

export interface SessionRefresherDeps {
  db: LibraryDb;
  workDb?: WorkDb;
  sessions: SessionsRepository;
  transcripts: TranscriptsRepository;
  analyses: AnalysesRepository;
  speakerEdits: Pick<SpeakerEditsRepository, 'replaceAll'>;
  offloads: OffloadsRepository;
  restorer: Pick<SessionRestorer, 'readFolder'>;
  library: Pick<LibraryService, 'announce'>;
  audit: AuditLog;
  config: SyncConfigService;
  clients: S3ClientCache;
  clock: Clock;
  layout: LibraryLayout;
}

export interface RefreshResult {
  /** The manifest differed from the one held, and was applied. */
  applied: boolean;
  /** Why the bucket's manifest was not read (it failed its checks), when it was not. */
  refused?: string;
}

export class SessionRefresher {
  constructor(private readonly deps: SessionRefresherDeps) {}

  /** `participants`: take the manifest's (only when no device edited them since: the caller knows). */
  async refresh(sessionId: string, { participants = false }: { participants?: boolean } = {}): Promise<RefreshResult> {
    const config = this.deps.config.require();
    const row = this.deps.sessions.get(sessionId);
    if (!row || row.origin !== 'library' || row.status === 'deleting') return { applied: false };
    const files = this.deps.sessions.files(sessionId);
    const folderKey = backupFolder(
      config.prefix,
      row,
      files.map((f) => f.s3_key),
    );
    const parsed = parseObjectKey(config.prefix, folderKey + MANIFEST_NAME);
    if (!parsed || parsed.sessionId !== sessionId)
      return { applied: false, refused: 'its folder is not in the layout' };
    const client: S3Client = this.deps.clients.get(config);
    const objects = await withRetry(() => listObjects(client, config.bucket, folderKey), { policy: DEFAULT_RETRY });
    if (!objects.some((o) => o.key === folderKey + MANIFEST_NAME))
      return { applied: false, refused: 'its session.json is not in the bucket' };
    let prepared: PreparedSession;
    try {
      prepared = await this.deps.restorer.readFolder(client, config, { parsed, objects });
    } catch (error) {
      if (error instanceof RestoreRefused) return { applied: false, refused: error.message };
      throw error;
    }
    const local = this.deps.layout.resolveManaged(`${sessionId}/${MANIFEST_NAME}`);
    if (local && existsSync(local) && readFileSync(local, 'utf8') === prepared.text) return { applied: false };
    const now = this.deps.clock.now().toISOString();
    this.deps.db.transaction(() => {
      if (!this.deps.sessions.get(sessionId)) return;
      this.#apply(sessionId, prepared, files, now, participants);
      if (local) {
        mkdirSync(dirname(local), { recursive: true });
        writeFileSync(local + '.part', prepared.text);
        renameSync(local + '.part', local);
      }
    })();
    const m = prepared.manifest;
    if (m.analysis) {
      const save = () =>
        this.deps.analyses.save({ sessionId, jobId: null, data: { ...m.analysis, stage: 'complete' }, now });
      if (this.deps.workDb) this.deps.workDb.transaction(save)();
      else save();
    }
    this.deps.library.announce(sessionId, 'session.changed');
    return { applied: true };
  }

  #apply(id: string, p: PreparedSession, held: SessionFileRow[], now: string, participants: boolean): void {
    const m: Manifest = p.manifest;
    const { sessions } = this.deps;
    if (m.transcript.length > 0) this.deps.transcripts.replaceSegments(id, m.transcript);
    this.deps.speakerEdits.replaceAll(
      id,
      (m.speaker_edits ?? []).map((e) =>
        e.kind === 'rename'
          ? { kind: 'rename' as const, name: e.name ?? '', target: e.target }
          : { kind: 'merge' as const, target: e.target, source: e.source ?? [] },
      ),
      now,
    );
    if (participants)
      sessions.replaceParticipants(
        id,
        m.participants.map((x) => ({ name: x.name, role: x.role as 'participant' })),
        now,
      );
    const s = m.session;
    sessions.update(
      id,
      {
        ...(m.transcript.length > 0 ? { transcript_status: 'ready' as const } : {}),
        ...(m.analysis ? { analysis_status: 'ready' as const, analysis_progress: 100 } : {}),
        ...(s.coach_share !== undefined && s.coach_share !== null ? { coach_share: s.coach_share } : {}),
        ...(s.duration !== null && s.duration !== undefined ? { duration: s.duration } : {}),
      },
      now,
    );
    this.#addFiles(id, p, held, now);
    this.deps.audit.write({
      actor: 'system',
      action: 'sync.manifest_refreshed',
      sessionId: id,
      details: { folder: p.folder.parsed.folder },
    });
  }

  /** Files the manifest lists that are in the bucket (size as listed) but not held here: held in S3 only. */
  #addFiles(id: string, p: PreparedSession, held: SessionFileRow[], now: string): void {
    const heldKeys = new Set(held.map((f) => f.s3_key));
    const heldNames = new Set(held.map((f) => `${f.kind}:${f.name}`));
    const sizes = new Map(p.folder.objects.map((o) => [o.key, o.size]));
    for (const f of p.manifest.files) {
      if (heldKeys.has(f.key) || heldNames.has(`${f.kind}:${f.name}`) || sizes.get(f.key) !== f.size) continue;
      if (!f.sha256 || !/^[\w. -]+$/.test(f.name)) continue;
      const bytes = p.artifacts?.get(f.key);
      const objectName = f.key.slice(p.folder.parsed.folder.length);
      // The poster and strip, fetched and checked with the manifest: local files, shown at once.
      const path = bytes ? `${id}/analysis/${f.name}` : `${id}/${objectName}`;
      const absolute = bytes ? this.deps.layout.resolveManaged(path) : null;
      if (bytes && absolute) {
        mkdirSync(dirname(absolute), { recursive: true });
        writeFileSync(absolute + '.part', bytes);
        renameSync(absolute + '.part', absolute);
      }
      const fileId = this.deps.sessions.addFile(
        id,
        {
          kind: f.kind as SessionFileRow['kind'],
          name: f.name,
          path,
          managed: true,
          size: f.size,
          sha256: f.sha256,
          participant: f.participant ?? null,
        },
        now,
      );
      this.deps.sessions.setFileS3Key(fileId, f.key);
      if (!bytes) this.deps.offloads.insertRemote({ fileId, sessionId: id, bytes: f.size, now });
    }
  }
}
