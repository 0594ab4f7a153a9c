/**
 * Cleanup settings: the environment over the stored settings over the defaults, each answer naming its source.
 * Stored under `cleanup.<field>` keys in the `settings` table (the app settings service ignores keys it does not own).
 */
import type { LibraryLayout } from '../storage/index.js';
import { badRequest } from '../../shared/contract/errors.js';
import {
  cleanupSettings,
  type CleanupConfig,
  type CleanupSettingKey,
  type CleanupSettings,
} from '../../shared/contract/cleanup.js';
import type { SettingsRepository } from '../settings/index.js';

export const CLEANUP_DEFAULTS: CleanupSettings = {
  failed_session_retention_days: 7,
  orphaned_file_retention_hours: 24,
  auto_cleanup_on_startup: false,
  cleanup_schedule_hour: 3,
  trash_retention_days: 30,
};

const ENV_NAMES: Record<CleanupSettingKey, string> = {
  failed_session_retention_days: 'FAILED_SESSION_RETENTION_DAYS',
  orphaned_file_retention_hours: 'ORPHANED_FILE_RETENTION_HOURS',
  auto_cleanup_on_startup: 'AUTO_CLEANUP_ON_STARTUP',
  cleanup_schedule_hour: 'CLEANUP_SCHEDULE_HOUR',
  trash_retention_days: 'TRASH_RETENTION_DAYS',
};

const KEYS = Object.keys(CLEANUP_DEFAULTS) as CleanupSettingKey[];
const PREFIX = 'cleanup.';

/** An environment value in the field's type, or undefined when unset or unreadable (a typo must not stop start-up). */
function fromEnv(key: CleanupSettingKey, raw: string | undefined): unknown {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim().toLowerCase();
  const value = typeof CLEANUP_DEFAULTS[key] === 'boolean' ? ['1', 'true', 'yes', 'on'].includes(text) : Number(text);
  const parsed = cleanupSettings.shape[key].safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export class CleanupConfigService {
  readonly #listeners = new Set<(config: CleanupConfig) => void>();

  constructor(private readonly deps: { store: SettingsRepository; env: NodeJS.ProcessEnv; layout: LibraryLayout }) {}

  get(): CleanupConfig {
    const stored = this.deps.store.withPrefix(PREFIX);
    const values: Record<string, unknown> = {};
    const source: CleanupConfig['source'] = {};
    for (const key of KEYS) {
      const env = fromEnv(key, this.deps.env[ENV_NAMES[key]]);
      const saved = cleanupSettings.shape[key].safeParse(stored.get(key));
      if (env !== undefined) [values[key], source[key]] = [env, 'env'];
      else if (stored.has(key) && saved.success) [values[key], source[key]] = [saved.data, 'settings'];
      else [values[key], source[key]] = [CLEANUP_DEFAULTS[key], 'default'];
    }
    return { ...(values as CleanupSettings), library_dir: this.deps.layout.root, source };
  }

  /** Validates the whole patch first (400 naming the first bad field), then stores it in one transaction. */
  update(patch: Partial<Record<string, unknown>>): CleanupConfig {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (!(key in CLEANUP_DEFAULTS)) throw badRequest(key, 'not a cleanup setting');
      const parsed = cleanupSettings.shape[key as CleanupSettingKey].safeParse(value);
      if (!parsed.success) throw badRequest(key, parsed.error.issues[0]?.message ?? 'invalid value');
    }
    this.deps.store.put(Object.fromEntries(Object.entries(patch).map(([key, value]) => [PREFIX + key, value])));
    const config = this.get();
    for (const listener of this.#listeners) listener(config);
    return config;
  }

  onChange(listener: (config: CleanupConfig) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
