/** The settings module: stored settings over defaults, and the `settings` namespace. */
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { Settings } from '../../shared/contract/settings.js';
import type { LibraryDb } from '../db/index.js';
import type { RequestContext } from '../platform/request-context.js';
import { SettingsRepository } from './settings-repository.js';
import { SettingsService } from './settings-service.js';

export type SettingsModule = ReturnType<typeof createSettingsModule>;

export function createSettingsModule(deps: { db: LibraryDb; defaults: Settings; defaultWatchFolder: string }) {
  const store = new SettingsRepository(deps.db);
  const settings = new SettingsService(store, deps.defaults, deps.defaultWatchFolder);
  const handlers: Pick<FilmroomHandlers<RequestContext>, 'settings'> = {
    settings: {
      get: (_input, { actor }) => settings.read(actor),
      update: (input, { actor }) => settings.change(actor, input),
    },
  };
  return { name: 'settings' as const, services: { settings, store }, handlers };
}
