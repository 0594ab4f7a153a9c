/** The `review` namespace: transcript, markers and notes of one session. */
import type { FilmroomHandlers } from '../../../shared/contract/index.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { ReviewService } from '../review-service.js';

export function reviewHandlers(review: ReviewService): FilmroomHandlers<RequestContext>['review'] {
  return {
    transcript: (input, { actor }) => review.transcript(actor, input.id),
    markers: (input, { actor }) => review.markers(actor, input.id),
    addMarker: (input, { actor }) => review.addMarker(actor, input.id, input),
    removeMarker: (input, { actor }) => {
      review.removeMarker(actor, input.id, input.marker_id);
      return null;
    },
  };
}
