/**
 * The trash state travels with a backed-up session: moving it to the trash (or back out) rewrites its signed
 * `session.json` with (or without) `trash: { former_status, deleted_at, purge_at }` and puts it over the manifest in
 * its bucket folder, so a restore or "Sync with bucket" brings it back in the trash with its purge date. A small
 * object sent in one PUT (the SDK's standard retries), not an upload job: the trash cancels a session's upload jobs.
 * A session never backed up has nothing in the bucket to change. A store that cannot be reached is logged and
 * recorded in the audit log (the next backup of a restored-from-trash session sends the manifest again).
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { AuditLog, SessionsRepository } from '../library/index.js';
import type { Logger } from '../platform/logger.js';
import type { BackupService, ManifestTrash } from './backup-service.js';
import type { SyncConfigService } from './config.js';
import { backupFolder, keyInFolder, MANIFEST_NAME } from './object-keys.js';
import { storeReason } from './retry.js';
import type { PendingWrites } from './pending-writes.js';
import type { S3ClientCache } from './s3-client.js';

export interface TrashManifestDeps {
  sessions: SessionsRepository;
  backup: BackupService;
  config: SyncConfigService;
  clients: S3ClientCache;
  audit: AuditLog;
  logger: Logger;
  /** The remote store's pending writes: a delete waits for every manifest PUT started before it. */
  writes: PendingWrites;
}

export class TrashManifest {
  constructor(private readonly deps: TrashManifestDeps) {}

  /** `trash` null: the session left the trash. Resolves once the bucket holds the new manifest (or it failed). */
  publish(id: string, trash: ManifestTrash | null): Promise<boolean> {
    return this.deps.writes.track(this.#publish(id, trash));
  }

  async #publish(id: string, trash: ManifestTrash | null): Promise<boolean> {
    const config = this.deps.config.current();
    const row = this.deps.sessions.get(id);
    if (!config || !row || row.status === 'deleting') return false;
    const files = this.deps.sessions.files(id);
    if (!files.some((f) => f.s3_key !== null)) return false; // never backed up: nothing in the bucket
    try {
      const body = await this.deps.backup.writeManifest(id, config, trash);
      if (body === null) return false; // its manifest upload is still under way (the trash stops uploads first)
      const folder = backupFolder(
        config.prefix,
        row,
        files.map((f) => f.s3_key),
      );
      const key = keyInFolder(folder, MANIFEST_NAME);
      const sha256 = createHash('sha256').update(body).digest('hex');
      await this.deps.clients.get(config).send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          Metadata: { 'session-id': id, sha256, manifest: '1' },
          ...(config.sse === 'AES256' ? { ServerSideEncryption: 'AES256' as const } : {}),
        }),
      );
      const file = this.deps.sessions.files(id).find((f) => f.name === MANIFEST_NAME && f.kind === 'other');
      if (file) {
        this.deps.sessions.setFileContent(file.id, { size: Buffer.byteLength(body), sha256 });
        this.deps.sessions.setFileS3Key(file.id, key);
      }
      return true;
    } catch (error) {
      const reason = storeReason(error);
      this.deps.logger.warn({ id, reason }, 'trash state not written to the backup');
      this.deps.audit.write({
        actor: 'system',
        action: 'sync.trash-manifest-failed',
        sessionId: id,
        details: { reason, trashed: trash !== null },
      });
      return false;
    }
  }
}
