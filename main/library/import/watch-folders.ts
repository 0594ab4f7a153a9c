/**
 * Watch folders: new meetings appearing in the configured folders (default: the OS Zoom folder) are imported once
 * their files are stable and converted. What was seen is remembered in `watched_items`, so nothing is imported twice
 * across restarts. Re-applied whenever the settings change.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../../platform/logger.js';
import type { SettingsView } from '../../settings/index.js';
import { groupIntoMeetings, type GroupingOptions } from '../importers/group-meetings.js';
import { FolderWatcher } from '../watch/folder-watcher.js';
import type { WatchedItemsRepository } from '../watch/watched-items-repository.js';
import type { ImportService } from './import-service.js';

export class WatchFolders {
  #watcher: FolderWatcher | null = null;
  #applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      watched: WatchedItemsRepository;
      imports: ImportService;
      logger: Logger;
      grouping?: GroupingOptions;
      stableMs?: number;
    },
  ) {}

  /** Restarts watching for these settings (serialised: a quick succession of changes applies in order). */
  apply(settings: SettingsView): Promise<void> {
    this.#applying = this.#applying
      .then(() => this.#apply(settings))
      .catch((error: Error) => {
        this.deps.logger.error({ err: error }, 'could not start watching folders');
      });
    return this.#applying;
  }

  async close(): Promise<void> {
    await this.#applying;
    await this.#watcher?.close();
    this.#watcher = null;
  }

  async #apply(settings: SettingsView): Promise<void> {
    await this.#watcher?.close();
    this.#watcher = null;
    const folders = settings.watch_folders.filter((f) => existsSync(f));
    if (!settings.watch_enabled || folders.length === 0) return;
    this.#watcher = new FolderWatcher({
      folders,
      store: this.deps.watched,
      stableMs: this.deps.stableMs,
      grouping: this.deps.grouping,
      onReady: async (paths) => {
        const { meetings } = await groupIntoMeetings(paths, this.deps.grouping);
        // Throws when an import failed for a reason other than "already imported": the folder is retried later.
        const result = await this.deps.imports.importMeetings(meetings, settings.watch_copy);
        this.deps.logger.info({ imported: result.sessions.length, skipped: result.refused }, 'watch folder import');
      },
      onError: (error) => this.deps.logger.warn({ err: error }, 'watch folder problem'),
    });
    await this.#watcher.start();
    this.deps.logger.info({ folders }, 'watching for new recordings');
  }
}
