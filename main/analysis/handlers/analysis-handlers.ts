/** The `analysis` namespace: queue, read and cancel analyses; signed media URLs for players. */
import type { FilmroomHandlers } from '../../../shared/contract/index.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { AnalysisService } from '../analysis-service.js';

export function analysisHandlers(analysis: AnalysisService): FilmroomHandlers<RequestContext>['analysis'] {
  return {
    analyze: (input, { actor }) => analysis.enqueue(actor, input.id, input.analysis_type),
    result: (input, { actor }) => analysis.result(actor, input.id),
    cancel: (input, { actor }) => analysis.cancel(actor, input.id),
    mediaUrl: (input, { actor }) => analysis.mediaUrl(actor, input.id),
    posters: (input, { actor }) => analysis.posters(actor, input.ids),
  };
}
