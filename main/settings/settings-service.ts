/** Settings kept in the `settings` table (one JSON value per key), validated, with change listeners. */
import { isAbsolute } from 'node:path';
import { badRequest } from '../../shared/contract/errors.js';
import type { Settings } from '../../shared/contract/settings.js';
import { requireAccess, type Actor } from '../platform/actor.js';
import type { SettingsRepository } from './settings-repository.js';

export type SettingsView = Settings & { default_watch_folder: string };

export class SettingsService {
  readonly #listeners = new Set<(settings: SettingsView) => void>();

  constructor(
    private readonly repository: SettingsRepository,
    private readonly defaults: Settings,
    private readonly defaultWatchFolder: string,
  ) {}

  get(): SettingsView {
    const stored = this.repository.all();
    const merged = { ...this.defaults } as Record<string, unknown>;
    for (const key of Object.keys(this.defaults)) if (key in stored) merged[key] = stored[key];
    return { ...(merged as Settings), default_watch_folder: this.defaultWatchFolder };
  }

  /** GET /settings (any signed-in caller today; see the API contract). */
  read(actor: Actor): SettingsView {
    requireAccess(actor, 'user');
    return this.get();
  }

  /** PUT /settings: admins only. */
  change(actor: Actor, patch: Partial<Settings>): SettingsView {
    requireAccess(actor, 'admin');
    return this.update(patch);
  }

  update(patch: Partial<Settings>): SettingsView {
    patch.watch_folders?.forEach((folder, i) => {
      if (!isAbsolute(folder)) throw badRequest(`watch_folders.${i}`, 'expected an absolute folder path');
    });
    this.repository.put(patch);
    const view = this.get();
    for (const listener of this.#listeners) listener(view);
    return view;
  }

  onChange(listener: (settings: SettingsView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
