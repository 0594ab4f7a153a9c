/** The `video` namespace: the async analysis API for other tools. */
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { RequestContext } from '../platform/request-context.js';
import type { VideoApiService } from './video-api-service.js';

export function videoHandlers(video: VideoApiService): FilmroomHandlers<RequestContext>['video'] {
  return {
    upload: () => video.uploadNeedsMultipart(),
    status: (input, { actor }) => video.status(actor, input.sessionId),
    results: (input, { actor }) => video.results(actor, input.sessionId),
    cancel: (input, { actor }) => video.cancel(actor, input.sessionId),
    cleanup: (input, { actor }) => video.cleanup(actor, input.sessionId),
  };
}
