/**
 * Messages between the API process and the analysis worker process (structured clone: Maps and plain objects
 * pass as they are). One worker serves every running analysis; `runId` ties messages to one analyzeFile call.
 */
import type { AnalyzeOptions } from '../analyze-file.js';
import type { ChunkPlanEntry } from '../chunks/plan.js';
import type { AnalysisData, VideoChunkResult } from '../types.js';

/** The serialisable part of AnalyzeOptions (callbacks, the signal and the chunk store are bridged by messages). */
export type RemoteAnalyzeOptions = Omit<AnalyzeOptions, 'signal' | 'chunks' | 'onProgress' | 'onStage1' | 'onSpawn'>;

export type ToWorker =
  | {
      type: 'run';
      runId: number;
      path: string;
      options: RemoteAnalyzeOptions;
      /** The chunk plan and finished chunks an earlier attempt saved (resume), read by the API process. */
      savedPlan: ChunkPlanEntry[] | undefined;
      doneChunks: Map<number, VideoChunkResult>;
    }
  | { type: 'cancel'; runId: number };

export type FromWorker =
  | { type: 'progress'; runId: number; percent: number; message: string }
  | { type: 'spawn'; runId: number; pid: number }
  | { type: 'stage1'; runId: number; data: AnalysisData }
  | { type: 'chunk-plan'; runId: number; entries: ChunkPlanEntry[] }
  | { type: 'chunk-running'; runId: number; idx: number }
  | { type: 'chunk-done'; runId: number; idx: number; result: VideoChunkResult }
  | { type: 'done'; runId: number; data: AnalysisData }
  | { type: 'error'; runId: number; name: string; message: string };
