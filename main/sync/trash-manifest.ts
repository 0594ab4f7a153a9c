/**
 * The trash state travels with a backed-up session: moving it to the trash (or back out) rewrites its signed
 * `session.json` with (or without) `trash: { former_status, deleted_at, purge_at }` and puts it over the manifest in
 * its bucket folder, so a restore or "Sync with bucket" brings it back in the trash with its purge date. A small
 * object sent in one PUT (the SDK's standard retries), not an upload job: the trash cancels a session's upload jobs.
 * A session never backed up has nothing in the bucket to change. A store that cannot be reached is logged, recorded
 * in the audit log, and the PUT is queued as an `s3.trash-manifest` job retried with backoff until the store answers
 * (it was lost before: a restore then brought a trashed session back listed). The job carries no session id on
 * purpose: the trash cancels a trashed session's jobs (also at start-up), and this one must outlive that; it
 * re-checks the session when it runs (gone or being deleted: nothing to do; moved in or out of the trash since: a
 * newer PUT replaced it), and a newer move cancels it.
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { defineJobType, type JobHandler, type JobQueue } from '../jobs/index.js';
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
  queue: Pick<JobQueue, 'enqueue' | 'activeWithPayload' | 'cancel'>;
  /** The remote store's pending writes: a delete waits for every manifest PUT started before it. */
  writes: PendingWrites;
}

const trashState = z.object({ former_status: z.string(), deleted_at: z.string(), purge_at: z.string() });
export const TRASH_MANIFEST_JOB = defineJobType({
  name: 's3.trash-manifest',
  payload: z.object({ sessionId: z.string(), trash: trashState.nullable() }),
  // With the queue's backoff (2 s doubling to 10 min), about a day of retries while the store stays down.
  maxAttempts: 150,
});

/** Whether the session still has the trash state a queued PUT carries (else a newer move published its own). */
function stillWanted(status: string | undefined, trash: ManifestTrash | null): boolean {
  if (status === undefined || status === 'deleting') return false;
  return (status === 'trashed') === (trash !== null);
}

export class TrashManifest {
  constructor(private readonly deps: TrashManifestDeps) {}

  /** `trash` null: the session left the trash. Resolves once the bucket holds the new manifest (or it failed). */
  publish(id: string, trash: ManifestTrash | null): Promise<boolean> {
    void this.#cancelQueued(id); // this state supersedes any earlier one still waiting for the store
    return this.#tracked(this.#publish(id, trash, false));
  }

  /** The queued PUT: throws while the store cannot be reached (the queue retries with backoff). */
  readonly jobHandler: JobHandler<z.infer<typeof TRASH_MANIFEST_JOB.payload>> = async ({ job }) => {
    const { sessionId, trash } = job.payload;
    if (!stillWanted(this.deps.sessions.get(sessionId)?.status, trash)) return { status: 'done' };
    await this.#tracked(this.#publish(sessionId, trash, true));
    return { status: 'done' };
  };

  /** Every PUT is a pending write of the remote store: a delete waits for the ones started before it. */
  #tracked(work: Promise<boolean>): Promise<boolean> {
    return this.deps.writes.track(work);
  }

  async #cancelQueued(id: string): Promise<void> {
    for (const jobId of this.deps.queue.activeWithPayload(TRASH_MANIFEST_JOB, 'sessionId', id))
      await this.deps.queue.cancel(jobId).catch(() => undefined);
  }

  async #publish(id: string, trash: ManifestTrash | null, fromQueue: boolean): Promise<boolean> {
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
      const row = this.deps.sessions.get(id);
      if (!stillWanted(row?.status, trash)) return false; // deleted or moved meanwhile: nothing left to send
      if (fromQueue) throw error;
      const reason = storeReason(error);
      this.deps.logger.warn({ id, reason }, 'trash state not written to the backup: queued until the store answers');
      this.deps.audit.write({
        actor: 'system',
        action: 'sync.trash-manifest-failed',
        sessionId: id,
        details: { reason, trashed: trash !== null, queued: true },
      });
      this.deps.queue.enqueue(TRASH_MANIFEST_JOB, { sessionId: id, trash });
      return false;
    }
  }
}
