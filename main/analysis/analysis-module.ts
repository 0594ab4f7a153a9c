/**
 * The analysis module: the `analysis` job type (run in the worker process, or here when there is none), session
 * status from job events, results, and automatic analysis of new imports.
 */
import { join } from 'node:path';
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import { jobRegistration, type JobQueue, type JobRegistration } from '../jobs/index.js';
import type { LibraryRecords } from '../library/index.js';
import { ADMIN } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import { requireMediaTools, type MediaTools } from '../platform/ffmpeg-locate.js';
import type { MediaSigner } from '../platform/media-signing.js';
import type { RequestContext } from '../platform/request-context.js';
import type { SettingsService } from '../settings/index.js';
import type { LibraryLayout } from '../storage/index.js';
import { AnalysisService } from './analysis-service.js';
import { SpeakerEditsService } from './speakers/speaker-edits-service.js';
import { SpeakerNames } from './speakers/speaker-names.js';
import { analysisHandlers, type AnalyzeAfterDownload } from './handlers/analysis-handlers.js';
import { ANALYSIS_JOB, createAnalysisHandler, type AnalysisJobPayload } from './pipeline.js';
import { lowerPriority } from './process-priority.js';
import { reapAllOrphans } from './orphan-reaper.js';
import type { AnalysisData } from './types.js';
import type { JobHandler } from '../jobs/index.js';
import { AnalysisWorkerClient } from './worker/worker-client.js';
import type { WorkerLauncher } from './worker/worker-channel.js';

export interface AnalysisModuleDeps {
  /** The library's rows and reads (built before analysis; the rest of the library is built after it). */
  library: LibraryRecords;
  queue: JobQueue;
  settings: SettingsService;
  layout: LibraryLayout;
  clock: Clock;
  signer: MediaSigner;
  mediaTools: MediaTools | null;
  /** Queue analysis of every new import (also a setting; this is the process-level switch). */
  autoAnalyze: boolean;
  /**
   * Run analyses in a worker process (see worker/analysis-worker.ts for why): its entry script and how to start
   * it. Null runs them in this process.
   */
  worker: { script: string; launch: WorkerLauncher } | null;
}

export type AnalysisModule = ReturnType<typeof createAnalysisModule>;

export function createAnalysisModule(deps: AnalysisModuleDeps) {
  const lib = deps.library;
  const names = new SpeakerNames({ edits: lib.speakerEdits, transcripts: lib.transcripts, sessions: lib.sessions });
  const analysis = new AnalysisService({
    queue: deps.queue,
    analyses: lib.analyses,
    sessions: lib.sessions,
    library: lib.library,
    transcripts: lib.transcripts,
    clock: deps.clock,
    layout: deps.layout,
    signer: deps.signer,
    names,
  });
  const speakers = new SpeakerEditsService({
    edits: lib.speakerEdits,
    analyses: lib.analyses,
    sessions: lib.sessions,
    library: lib.library,
    names,
    clock: deps.clock,
    result: (actor, sessionId) => analysis.result(actor, sessionId),
  });
  // In the data folder, outside the library: see orphan-reaper.ts.
  const pidDir = join(deps.layout.dataDir, 'run', 'ffmpeg-pids');
  const worker = deps.worker ? new AnalysisWorkerClient(deps.worker.script, deps.worker.launch) : null;
  // Built per run, so a library without ffmpeg still opens (jobs then fail with the reason).
  const handler: JobHandler<AnalysisJobPayload> = async (context) => {
    const inner = createAnalysisHandler({
      tools: requireMediaTools(deps.mediaTools),
      pidDir,
      parallel: 2,
      onStage1: (job, data) => analysis.onStage1(job, data),
      onSpawn: worker ? undefined : lowerPriority,
      analyze: worker?.analyzeFile,
    });
    const outcome = await inner(context);
    if (outcome.status !== 'done') return outcome;
    analysis.onDone(context.job, outcome.result as AnalysisData);
    return { status: 'done' }; // the data is kept once, in `analyses` (onDone), not again in jobs.result
  };

  /** The library calls this with every session an import finished: a ready one is queued when auto-analysis is on. */
  const afterImport = (id: string, status: 'uploaded' | 'failed'): void => {
    if (deps.autoAnalyze && deps.settings.get().auto_analyze && deps.mediaTools && status === 'uploaded')
      analysis.enqueue(ADMIN, id, 'full');
  };

  /** `afterDownload`: the sync module's (above analysis) download-first of a session held in the bucket. */
  const handlers = (options: {
    afterDownload: AnalyzeAfterDownload;
  }): Pick<FilmroomHandlers<RequestContext>, 'analysis'> => ({
    analysis: analysisHandlers(analysis, speakers, options.afterDownload),
  });
  const jobTypes: JobRegistration[] = [jobRegistration(ANALYSIS_JOB, handler)];
  return {
    name: 'analysis' as const,
    services: { analysis },
    afterImport,
    handlers,
    jobTypes,
    /** Starts the worker process now rather than at the first analysis (no-op without ffmpeg). */
    start(): void {
      // Before the queue starts (the composition root starts modules first): no record is of a live job.
      reapAllOrphans(pidDir);
      if (deps.mediaTools) worker?.warm();
    },
    /** After the queue has stopped: the worker has no runs left. */
    stop(): void {
      worker?.close();
    },
  };
}
