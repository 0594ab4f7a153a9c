/**
 * Large folder imports run as a cancellable job (review round 2, item 5): an import of a folder holding more than
 * `LARGE_FOLDER_MEETINGS` meetings answers 202 at once with a `job_id` (no sessions yet), imports meeting by meeting
 * on the persistent queue with progress on the event stream (`job.progress`, job_type `folder-import`), stops between
 * meetings when cancelled (`POST /imports/{job_id}/cancel`), and resumes after a restart (meetings already imported
 * are recognised by content and skipped as duplicates). Small folders keep the synchronous answer.
 */
import { z } from 'zod';
import { ApiError, conflict, notFound } from '../../../shared/contract/errors.js';
import type { ImportJobStatus, ImportResult } from '../../../shared/contract/sessions.js';
import { defineJobType, type JobHandler, type JobQueue } from '../../jobs/index.js';
import { assertAdmin, type Actor } from '../../platform/actor.js';
import { diskFullCode, plainReason } from '../../platform/plain-errors.js';
import type { GroupingOptions } from '../importers/group-meetings.js';
import type { GroupingResult } from '../importers/types.js';
import { listAndGroup } from './folder-grouping.js';
import type { MeetingImporter, MeetingOptions } from './meeting-import.js';

/** More meetings than this in one folder: the import runs as a job. */
export const LARGE_FOLDER_MEETINGS = 20;

export const FOLDER_IMPORT_JOB = defineJobType({
  name: 'folder-import',
  payload: z.object({ path: z.string().min(1), options: z.record(z.string(), z.unknown()) }),
  maxAttempts: 3,
});
type FolderImportPayload = z.infer<typeof FOLDER_IMPORT_JOB.payload>;

export interface FolderImportDeps {
  meetings: Pick<MeetingImporter, 'import'>;
  queue: Pick<JobQueue, 'enqueue' | 'get' | 'cancel'>;
  grouping?: GroupingOptions;
}

export class FolderImportJobs {
  constructor(private readonly deps: FolderImportDeps) {}

  /** Queues the import of a folder already grouped (its refusals are answered now); answers the 202 body. */
  start(path: string, options: MeetingOptions, grouping: GroupingResult): ImportResult {
    const jobId = this.deps.queue.enqueue(FOLDER_IMPORT_JOB, { path, options: { ...options } });
    return { sessions: [], refused: grouping.refused, job_id: jobId };
  }

  status(actor: Actor, jobId: string): ImportJobStatus {
    assertAdmin(actor);
    const job = this.#job(jobId);
    return {
      job_id: job.id,
      state: job.state,
      progress: job.progress,
      message: job.message,
      error: job.error,
      result: job.state === 'done' ? ((job.result as ImportResult | null) ?? null) : null,
    };
  }

  async cancel(actor: Actor, jobId: string): Promise<ImportJobStatus> {
    assertAdmin(actor);
    const job = this.#job(jobId);
    if (job.state !== 'queued' && job.state !== 'running') {
      throw conflict(`This import has already ended (${job.state})`, { job_id: jobId, state: job.state });
    }
    await this.deps.queue.cancel(jobId); // resolves once the handler has stopped between two meetings
    return this.status(actor, jobId);
  }

  #job(jobId: string) {
    const job = this.deps.queue.get(jobId);
    if (!job || job.type !== FOLDER_IMPORT_JOB.name) throw notFound('Import job', { job_id: jobId });
    return job;
  }

  readonly handler: JobHandler<FolderImportPayload> = async ({ job, signal, reportProgress }) => {
    const options = job.payload.options as unknown as MeetingOptions;
    const grouping = await listAndGroup(job.payload.path, 'folder', this.deps.grouping);
    const total = grouping.meetings.length;
    const result: ImportResult = { sessions: [], refused: [...grouping.refused] };
    reportProgress(0, `Importing ${total} meetings`);
    for (const [i, meeting] of grouping.meetings.entries()) {
      if (signal.aborted) return { status: 'cancelled' };
      try {
        result.sessions.push(await this.deps.meetings.import(meeting, { ...options, title: meeting.title }));
      } catch (error) {
        // A full disk fails every meeting after it alike: the job stops and says so (issue 19). Meetings imported so
        // far stay; importing the folder again once there is room skips them as duplicates.
        if (diskFullCode(error)) return { status: 'failed', error: plainReason(error) };
        const duplicate = error instanceof ApiError && error.status === 409;
        const reason = duplicate ? `${error.message} (duplicate)` : (error as Error).message;
        result.refused.push({ path: meeting.mainRecording, reason });
      }
      reportProgress(Math.round(((i + 1) / total) * 100), `Imported ${i + 1} of ${total} meetings`);
    }
    return { status: 'done', result };
  };
}
