/**
 * Where the S3 settings come from: the environment first (docs/api.md lists the variables), then the stored settings,
 * then defaults. Secrets never touch the database: the access key id may be stored, the secret lives in a
 * SecretVault (Electron safeStorage in the desktop app) or comes from the environment / an AWS profile.
 */
import { badRequest, conflict } from '../../shared/contract/errors.js';
import type { S3SettingsInput, S3SettingsView } from '../../shared/contract/sync.js';
import type { SettingsRepository } from '../settings/index.js';

export const S3_SETTINGS_KEY = 's3';

/** Keeps the secret access key outside the database (the desktop app: safeStorage; headless: none). */
export interface SecretVault {
  get(): string | null;
  /** Throws when the OS cannot keep it safe (e.g. safeStorage's basic_text backend). */
  set(secret: string | null): void;
}

/** The resolved configuration the client, uploader and keys use. */
export interface S3Config {
  endpoint: string | null;
  region: string;
  bucket: string;
  prefix: string;
  forcePathStyle: boolean;
  sse: 'AES256' | 'off';
  partSizeMb: number | null;
  concurrency: number;
  checksums: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';
  autoBackup: boolean;
  /** Explicit static credentials; null lets the SDK's default chain (AWS_PROFILE, ~/.aws, SSO…) find them. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
}

type Stored = Omit<S3SettingsInput, 'secret_access_key'>;
type Field = keyof Stored;

const DEFAULTS = {
  endpoint: null,
  region: 'us-east-1',
  bucket: null,
  prefix: 'recordings/',
  force_path_style: false,
  sse: 'AES256',
  part_size_mb: null,
  concurrency: 4,
  access_key_id: null,
  checksums: 'WHEN_REQUIRED',
  auto_backup: false,
} as const;

function envValues(env: NodeJS.ProcessEnv): Partial<Record<Field, unknown>> {
  const out: Partial<Record<Field, unknown>> = {};
  const set = (field: Field, value: unknown) => {
    if (value !== undefined && value !== '') out[field] = value;
  };
  set('bucket', env.AWS_S3_BUCKET);
  set('region', env.AWS_REGION ?? env.AWS_DEFAULT_REGION);
  set('endpoint', env.AWS_ENDPOINT_URL_S3);
  set('prefix', env.FILMROOM_S3_PREFIX);
  if (env.FILMROOM_S3_FORCE_PATH_STYLE) set('force_path_style', env.FILMROOM_S3_FORCE_PATH_STYLE === 'true');
  if (env.FILMROOM_S3_SSE) set('sse', env.FILMROOM_S3_SSE.toLowerCase() === 'off' ? 'off' : 'AES256');
  set('access_key_id', env.AWS_ACCESS_KEY_ID);
  return out;
}

/** A prefix is a folder: empty, or ending with one slash. */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : trimmed + '/';
}

export class SyncConfigService {
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly store: SettingsRepository,
    private readonly env: NodeJS.ProcessEnv,
    private readonly vault: SecretVault | null,
  ) {}

  #stored(): Stored {
    return (this.store.get(S3_SETTINGS_KEY) as Stored | undefined) ?? {};
  }

  #merged(overlay: Stored = {}): {
    values: Record<Field, unknown>;
    source: Record<string, 'env' | 'settings' | 'default'>;
  } {
    const env = envValues(this.env);
    const stored: Stored = { ...this.#stored(), ...overlay };
    const values = {} as Record<Field, unknown>;
    const source: Record<string, 'env' | 'settings' | 'default'> = {};
    for (const field of Object.keys(DEFAULTS) as Field[]) {
      if (field in env) {
        values[field] = env[field];
        source[field] = 'env';
      } else if (stored[field] !== undefined) {
        values[field] = stored[field];
        source[field] = 'settings';
      } else {
        values[field] = DEFAULTS[field];
        source[field] = 'default';
      }
    }
    return { values, source };
  }

  #secret(candidate?: string): { value: string | null; from: 'env' | 'settings' | null } {
    if (this.env.AWS_SECRET_ACCESS_KEY) return { value: this.env.AWS_SECRET_ACCESS_KEY, from: 'env' };
    const stored = candidate || (this.vault?.get() ?? null);
    return { value: stored, from: stored ? 'settings' : null };
  }

  view(overlay: Stored = {}, candidateSecret?: string): S3SettingsView {
    const { values, source } = this.#merged(overlay);
    const secret = this.#secret(candidateSecret);
    if (secret.from) source.secret_access_key = secret.from;
    return {
      configured: typeof values.bucket === 'string' && values.bucket !== '',
      source,
      endpoint: (values.endpoint as string | null) || null,
      region: values.region as string,
      bucket: (values.bucket as string | null) ?? null,
      prefix: normalisePrefix(values.prefix as string),
      force_path_style: values.force_path_style as boolean,
      sse: values.sse as 'AES256' | 'off',
      part_size_mb: values.part_size_mb as number | null,
      concurrency: values.concurrency as number,
      access_key_id: (values.access_key_id as string | null) ?? null,
      has_secret: secret.value !== null,
      checksums: values.checksums as 'WHEN_REQUIRED' | 'WHEN_SUPPORTED',
      auto_backup: values.auto_backup as boolean,
      can_store_secret: this.vault !== null,
    };
  }

  /** The configuration, or 409 "S3 is not configured". */
  require(): S3Config {
    const config = this.current();
    if (!config) throw conflict('S3 is not configured');
    return config;
  }

  current(): S3Config | null {
    return this.#config(this.view(), this.#secret().value);
  }

  /**
   * The configuration `input` would make (over the stored settings, under the environment), without saving
   * anything: what "Test connection" tries before the user saves. 409 when it names no bucket.
   */
  candidate(input: S3SettingsInput): S3Config {
    const { secret_access_key: secret, ...rest } = input;
    const overlay: Stored = {};
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) (overlay as Record<string, unknown>)[key] = value;
    }
    if (typeof overlay.prefix === 'string') overlay.prefix = normalisePrefix(overlay.prefix);
    if (overlay.endpoint === '') overlay.endpoint = null;
    const config = this.#config(this.view(overlay, secret ?? undefined), this.#secret(secret ?? undefined).value);
    if (!config) throw conflict('S3 is not configured');
    return config;
  }

  #config(view: S3SettingsView, secret: string | null): S3Config | null {
    if (!view.configured || !view.bucket) return null;
    const credentials =
      view.access_key_id && secret
        ? {
            accessKeyId: view.access_key_id,
            secretAccessKey: secret,
            ...(this.env.AWS_SESSION_TOKEN && this.env.AWS_SECRET_ACCESS_KEY
              ? { sessionToken: this.env.AWS_SESSION_TOKEN }
              : {}),
          }
        : null;
    return {
      endpoint: view.endpoint,
      region: view.region,
      bucket: view.bucket,
      prefix: view.prefix,
      forcePathStyle: view.force_path_style,
      sse: view.sse,
      partSizeMb: view.part_size_mb,
      concurrency: view.concurrency,
      checksums: view.checksums,
      autoBackup: view.auto_backup,
      credentials,
    };
  }

  update(input: S3SettingsInput): S3SettingsView {
    const { secret_access_key: secret, ...rest } = input;
    if (secret !== undefined) {
      if (!this.vault)
        throw badRequest(
          'secret_access_key',
          'this Filmroom runs headless: give credentials through AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE',
        );
      try {
        this.vault.set(secret);
      } catch (error) {
        throw badRequest('secret_access_key', (error as Error).message);
      }
    }
    if (rest.prefix !== undefined) rest.prefix = normalisePrefix(rest.prefix);
    if (rest.endpoint === '') rest.endpoint = null;
    const next: Stored = { ...this.#stored() };
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      (next as Record<string, unknown>)[key] = value;
    }
    this.store.put({ [S3_SETTINGS_KEY]: next });
    for (const listener of this.#listeners) listener();
    return this.view();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
