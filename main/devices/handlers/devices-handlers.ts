/** The `devices` namespace: thin calls into DevicesService (which checks access). */
import type { FilmroomHandlers } from '../../../shared/contract/index.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { DevicesService } from '../devices-service.js';

export function devicesHandlers(s: DevicesService): FilmroomHandlers<RequestContext>['devices'] {
  return {
    list: (_input, { actor }) => s.view(actor),
    updateSettings: (input, { actor }) => s.updateSettings(actor, input),
    syncNow: (_input, { actor }) => s.syncNow(actor),
    snapshot: (_input, { actor }) => s.snapshot(actor),
  };
}
