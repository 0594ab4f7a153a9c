/** The analysis result (`data` in docs/api.md) and the per-chunk result persisted for resume. */
import type { AnalysisDataOut, QualitySection } from '../../shared/contract/analysis-data.js';
import type { Interval } from './chunks/intervals.js';

/** The catalogue's `quality` section. */
export type QualityData = QualitySection;

/** The analysis result: the catalogue's schema, inferred (shared/contract/analysis-data.ts), not a copy of it. */
export type AnalysisData = AnalysisDataOut;

/** What one video chunk found (absolute times, not yet clipped to the chunk's span). */
export interface VideoChunkResult {
  cuts: number[];
  black: Interval[];
  thumbnails: { index: number; t: number; file: string }[];
  decodeErrors: string[];
}
