/**
 * The `s3.restore-local` job: downloads an offloaded recording back into the library. Resumable and kill -9 safe:
 * bytes go to `<recording>.restore-part` (the session has a job, so orphan scans leave its folder alone), a restart
 * hashes what is there and asks the store for the rest (Range); only a copy whose size and sha256 equal the file
 * row's is renamed into place, and only after that rename does the file row stop being offloaded. A file already at
 * the recording's path is never replaced: if it is the right one (a crash after the rename) the restore completes,
 * otherwise the job fails and says so.
 */
import type { LibraryLayout } from '../../storage/index.js';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, truncate, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { defineJobType, type JobContext, type JobHandler, type JobOutcome } from '../../jobs/index.js';
import type { AuditLog, LibraryService, SessionsRepository } from '../../library/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import { diskFullCode, plainReason } from '../../platform/plain-errors.js';
import type { SyncConfigService } from '../config.js';
import { storeReason } from '../retry.js';
import type { S3ClientCache } from '../s3-client.js';
import type { OffloadsRepository } from './offloads-repository.js';

export const restoreJobPayload = z.object({ fileId: z.number().int().positive() });
export type RestoreJobPayload = z.infer<typeof restoreJobPayload>;
export const RESTORE_JOB = defineJobType({ name: 's3.restore-local', payload: restoreJobPayload, maxAttempts: 3 });

export const RESTORE_PART_SUFFIX = '.restore-part';

export interface RestoreJobDeps {
  sessions: SessionsRepository;
  library: LibraryService;
  audit: AuditLog;
  offloads: OffloadsRepository;
  config: SyncConfigService;
  clients: S3ClientCache;
  clock: Clock;
  logger: Logger;
  /** Every path rule of the library folder (storage's). */
  layout: LibraryLayout;
}

class RestoreFailed extends Error {}

async function hashPrefix(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

interface DownloadArgs {
  file: { s3_key: string | null; sha256: string | null; size: number };
  config: NonNullable<ReturnType<SyncConfigService['current']>>;
  part: string;
  signal: AbortSignal;
  reportProgress: JobContext['reportProgress'];
}

/** Appends the missing bytes to the part file (Range from what it holds), then checks size and sha256. */
async function download(
  deps: Pick<RestoreJobDeps, 'clients'>,
  { file, config, part, signal, reportProgress }: DownloadArgs,
): Promise<{ ok: true } | { ok: false; resumedAt: number; problem: string }> {
  let have = (await sizeOf(part)) ?? 0;
  if (have > file.size) {
    await truncate(part, 0); // longer than the recording: nothing in it can be trusted
    have = 0;
  }
  const resumedAt = have;
  const hash = createHash('sha256');
  if (have > 0) await hashPrefix(part, hash);
  if (have < file.size) {
    let body: AsyncIterable<Uint8Array>;
    try {
      const answer = await deps.clients.get(config).send(
        new GetObjectCommand({
          Bucket: config.bucket,
          Key: file.s3_key!,
          ...(have > 0 ? { Range: `bytes=${have}-` } : {}),
        }),
        {
          abortSignal: signal,
        },
      );
      body = answer.Body as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (signal.aborted) throw error;
      throw new Error(`S3 did not send the recording: ${storeReason(error)}`, { cause: error });
    }
    const out = await open(part, 'a');
    try {
      for await (const chunk of body) {
        if (signal.aborted) throw signal.reason ?? new Error('aborted');
        // A write may take fewer bytes than given (a disk filling up): the rest is written, or the call throws.
        // Counting the chunk as written after one short write hashed bytes that never reached the disk, and a
        // truncated recording passed the check (found by the soak on a full disk, seed 424242 round 687).
        for (let offset = 0; offset < chunk.length;) {
          const { bytesWritten } = await out.write(chunk, offset, chunk.length - offset);
          offset += bytesWritten;
        }
        hash.update(chunk);
        have += chunk.length;
        reportProgress(
          Math.min(99, Math.floor((have / file.size) * 100)),
          `Downloading from S3: ${have} of ${file.size} bytes`,
        );
      }
      await out.sync(); // durable before the rename makes it the recording
      // What the disk holds, not what was sent: the size is checked on the file itself.
      have = (await out.stat()).size;
    } finally {
      await out.close();
    }
  }
  if (have !== file.size)
    return { ok: false, resumedAt, problem: `the download has ${have} bytes, the recording ${file.size}` };
  if (hash.digest('hex') !== file.sha256)
    return { ok: false, resumedAt, problem: 'the downloaded bytes do not match the recording’s sha256' };
  return { ok: true };
}

export function createRestoreJobHandler(deps: RestoreJobDeps): JobHandler<RestoreJobPayload> {
  const now = () => deps.clock.now().toISOString();

  const restore = async ({ job, signal, reportProgress }: JobContext<RestoreJobPayload>): Promise<JobOutcome> => {
    const { fileId } = job.payload;
    const sessionId = job.sessionId ?? '';
    const file = deps.sessions.files(sessionId).find((f) => f.id === fileId);
    if (!file || !file.offload_state) return { status: 'done' }; // deleted meanwhile, or already local
    if (!file.s3_key || !file.sha256) throw new RestoreFailed('the file row has no S3 key or sha256');
    const config = deps.config.current();
    if (!config) throw new RestoreFailed('S3 is not configured');
    const target = deps.layout.resolveManaged(file.path);
    if (!target) throw new RestoreFailed('the recording is recorded outside the library folder');
    const part = target + RESTORE_PART_SUFFIX;
    const complete = () => {
      deps.offloads.remove(fileId);
      deps.audit.write({ actor: 'system', action: 'session.restore_local', sessionId, details: { key: file.s3_key } });
      deps.library.announce(sessionId, 'session.changed');
      deps.logger.info({ sessionId, key: file.s3_key }, 'local copy restored (sha256 verified)');
      return { status: 'done' as const };
    };

    // A crash after the rename: the verified copy is in place already.
    if ((await sizeOf(target)) !== null) {
      const hash = createHash('sha256');
      await hashPrefix(target, hash);
      if (hash.digest('hex') === file.sha256) return complete();
      throw new RestoreFailed(`a different file is in the way at ${file.name}; it was left untouched`);
    }

    try {
      await mkdir(dirname(target), { recursive: true });
      // A resumed part that fails the check is dropped and the whole recording fetched once more in this attempt.
      for (let pass = 0; ; pass += 1) {
        const outcome = await download(deps, { file, config, part, signal, reportProgress });
        if (outcome.ok) break;
        await unlink(part).catch(() => undefined);
        if (outcome.resumedAt === 0 || pass > 0) throw new Error(outcome.problem); // the queue retries from zero
        deps.logger.warn(
          { sessionId, resumedAt: outcome.resumedAt },
          'resumed restore failed its check; starting over',
        );
      }
      await rename(part, target);
    } catch (error) {
      if (signal.aborted || !diskFullCode(error)) throw error;
      // A full disk (issue 19): retrying waits on the same disk while the part holds the space being freed. The part
      // goes, the recording stays in S3, and the reason is plain; a restore once there is room fetches it whole.
      await unlink(part).catch(() => undefined);
      throw new RestoreFailed(plainReason(error));
    }
    return complete();
  };

  return async (context) => {
    try {
      return await restore(context);
    } catch (error) {
      if (context.signal.aborted) {
        // Shutdown: stays `restoring`, the restarted queue resumes the job from the part file. Cancelled (a delete or
        // a move to the trash): back to `offloaded`, so a later restore-local starts a new job (the part is reused).
        if ((context.signal.reason as Error | undefined)?.message === 'cancelled')
          deps.offloads.setState(context.job.payload.fileId, 'offloaded', now());
        return { status: 'cancelled' };
      }
      const message = (error as Error).message;
      const final = error instanceof RestoreFailed || context.job.attempts >= context.job.maxAttempts;
      if (!final) throw error; // back to the queue, resuming from the part file
      deps.offloads.setState(context.job.payload.fileId, 'offloaded', now(), message);
      deps.library.announce(context.job.sessionId ?? '', 'session.changed');
      deps.logger.warn({ sessionId: context.job.sessionId, error: message }, 'restore-local failed');
      return { status: 'failed', error: message };
    }
  };
}
