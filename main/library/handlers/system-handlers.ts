/** The `system` namespace: health (public) and library statistics. */
import type { FilmroomHandlers } from '../../../shared/contract/index.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { LibraryService } from '../library-service.js';

export function systemHandlers(library: LibraryService): FilmroomHandlers<RequestContext>['system'] {
  return {
    health: () => library.health(),
    stats: (_input, { actor }) => library.stats(actor),
  };
}
