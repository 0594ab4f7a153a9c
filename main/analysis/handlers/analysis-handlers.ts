/** The `analysis` namespace: queue, read and cancel analyses; signed media URLs for players. */
import type { FilmroomHandlers } from '../../../shared/contract/index.js';
import type { AnalysisType } from '../analyze-file.js';
import type { Actor } from '../../platform/actor.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { AnalysisService } from '../analysis-service.js';
import type { SpeakerEditsService } from '../speakers/speaker-edits-service.js';

/**
 * A session whose files are held in the bucket only is downloaded first (the sync module's, above analysis, handed
 * in by the root): the download's job id, or null when the files are here and the analysis is queued at once.
 */
export type AnalyzeAfterDownload = (
  actor: Actor,
  sessionId: string,
  analysisType: AnalysisType | undefined,
) => { job_id: string } | null;

export function analysisHandlers(
  analysis: AnalysisService,
  speakers: SpeakerEditsService,
  afterDownload: AnalyzeAfterDownload,
): FilmroomHandlers<RequestContext>['analysis'] {
  return {
    analyze: (input, { actor }) =>
      afterDownload(actor, input.id, input.analysis_type) ?? analysis.enqueue(actor, input.id, input.analysis_type),
    result: (input, { actor }) => analysis.result(actor, input.id),
    cancel: (input, { actor }) => analysis.cancel(actor, input.id),
    mediaUrl: (input, { actor }) => analysis.mediaUrl(actor, input.id),
    posters: (input, { actor }) => analysis.posters(actor, input.ids),
    renameSpeaker: (input, { actor }) => speakers.rename(actor, input.id, input.speaker, input.name),
    mergeSpeakers: (input, { actor }) => speakers.merge(actor, input.id, input.from, input.into),
  };
}
