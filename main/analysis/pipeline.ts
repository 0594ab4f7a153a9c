/**
 * The `analysis` job handler: runs analyzeFile inside the job queue, with chunk progress persisted in job_chunks
 * (so a crash resumes from the last finished chunk), stage-1 results published early, and errors sorted into
 * permanent (unreadable media → failed) and transient (ffmpeg hiccup → retry).
 */
import { z } from 'zod';
import { defineJobType, type ChunkStore, type JobHandler, type JobRecord } from '../jobs/index.js';
import type { MediaTools } from '../platform/ffmpeg-locate.js';
import { analyzeFile, NoUsableStreamError, type AnalysisType } from './analyze-file.js';
import { isCancelled } from './ffmpeg/run-ffmpeg.js';
import { clearChildPids, reapOrphans, recordChildPid } from './orphan-reaper.js';
import { UnreadableMediaError } from './probe.js';
import type { VideoChunkStore } from './stage2-video.js';
import type { AnalysisData, VideoChunkResult } from './types.js';

/** Per-job analysis settings (from `/video/upload` params); absent keys keep the defaults. */
const tuningSchema = z.object({
  noiseDb: z.number().optional(),
  sceneThreshold: z.number().optional(),
  speechOptions: z.object({ minSilenceS: z.number().nonnegative(), minSpeechS: z.number().nonnegative() }).optional(),
});
export type AnalysisTuning = z.infer<typeof tuningSchema>;

const payloadSchema = z.object({
  /** Absolute path of the recording. */
  path: z.string().min(1),
  /** Folder for thumbnails/strip/poster (names in `data.thumbnails` are relative to it). */
  outDir: z.string().min(1),
  analysisType: z.enum(['full', 'audio', 'video'] satisfies AnalysisType[]).optional(),
  participants: z.array(z.object({ name: z.string(), path: z.string().min(1) })).optional(),
  transcript: z.array(z.object({ start: z.number(), end: z.number(), speaker: z.string() })).optional(),
  /** Chunk length override (tests force small chunks). */
  chunkS: z.number().positive().optional(),
  tuning: tuningSchema.optional(),
});
export type AnalysisJobPayload = z.infer<typeof payloadSchema>;

/** Analysis of one recording (library or transient session). */
export const ANALYSIS_JOB = defineJobType({ name: 'analysis', payload: payloadSchema, maxAttempts: 3 });

export interface AnalysisHandlerDeps {
  tools: MediaTools;
  /** ffmpeg processes per job (default 2). */
  parallel?: number;
  chunkS?: number;
  /** Stage-1 (audio) data, as soon as it exists: store it (stage 'audio') and tell the UI. */
  onStage1?: (job: JobRecord<AnalysisJobPayload>, data: AnalysisData) => void;
  /** Where each job's ffmpeg pids are recorded while it runs (see orphan-reaper.ts). */
  pidDir: string;
  /** Spawned ffmpeg pids (tests check none survives a cancel). */
  onSpawn?: (pid: number) => void;
  /** analyzeFile itself (default), or the same call run in the analysis worker process. */
  analyze?: typeof analyzeFile;
}

/** The queue stores chunk results as JSON; they were written by this module, so they are VideoChunkResults. */
function videoChunks(store: ChunkStore<unknown>): VideoChunkStore {
  return {
    plan: (entries) => store.plan(entries),
    saved: () => store.saved?.(),
    markRunning: (idx) => store.markRunning?.(idx),
    markDone: (idx, result) => store.markDone(idx, result),
    doneResults: () => store.doneResults() as Map<number, VideoChunkResult>,
  };
}

export function createAnalysisHandler(deps: AnalysisHandlerDeps): JobHandler<AnalysisJobPayload> {
  return async ({ job, signal, reportProgress, chunks }) => {
    const p = job.payload;
    // A previous attempt killed by a crash may have left its ffmpeg running on the same chunks.
    reapOrphans(deps.pidDir, job.id, p.path, p.outDir);
    try {
      const analyze = deps.analyze ?? analyzeFile;
      const data = await analyze(p.path, {
        tools: deps.tools,
        outDir: p.outDir,
        analysisType: p.analysisType,
        participants: p.participants,
        transcript: p.transcript,
        chunkS: p.chunkS ?? deps.chunkS,
        ...p.tuning,
        parallel: deps.parallel,
        chunks: videoChunks(chunks),
        signal,
        onSpawn: (pid) => {
          recordChildPid(deps.pidDir, job.id, p.path, pid);
          deps.onSpawn?.(pid);
        },
        onProgress: (pct, message) => reportProgress(pct, message),
        onStage1: (stage1) => deps.onStage1?.(job, stage1),
      });
      clearChildPids(deps.pidDir, job.id);
      return { status: 'done', result: data };
    } catch (error) {
      clearChildPids(deps.pidDir, job.id);
      if (signal.aborted || isCancelled(error)) return { status: 'cancelled' };
      const message = error instanceof Error ? error.message : String(error);
      // A file that is not media, or has nothing to analyse, will not get better by retrying.
      if (error instanceof UnreadableMediaError || error instanceof NoUsableStreamError) {
        return { status: 'failed', error: message };
      }
      return { status: 'retry', error: message };
    }
  };
}
