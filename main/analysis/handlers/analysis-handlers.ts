/** The `analysis` namespace: queue, read and cancel analyses; signed media URLs for players. */
import type { FilmroomHandlers } from '../../../shared/contract/index.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { AnalysisService } from '../analysis-service.js';
import type { SpeakerEditsService } from '../speakers/speaker-edits-service.js';

export function analysisHandlers(
  analysis: AnalysisService,
  speakers: SpeakerEditsService,
): FilmroomHandlers<RequestContext>['analysis'] {
  return {
    analyze: (input, { actor }) => analysis.enqueue(actor, input.id, input.analysis_type),
    result: (input, { actor }) => analysis.result(actor, input.id),
    cancel: (input, { actor }) => analysis.cancel(actor, input.id),
    mediaUrl: (input, { actor }) => analysis.mediaUrl(actor, input.id),
    posters: (input, { actor }) => analysis.posters(actor, input.ids),
    renameSpeaker: (input, { actor }) => speakers.rename(actor, input.id, input.speaker, input.name),
    mergeSpeakers: (input, { actor }) => speakers.merge(actor, input.id, input.from, input.into),
  };
}
