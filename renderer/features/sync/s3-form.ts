/** The S3 dialog's form values and their translation to the API's input (fields the environment sets are left out). */
import type { S3SettingsInput, S3SettingsView } from '../../../shared/contract/index.js';

export type S3Form = {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  force_path_style: boolean;
  sse: 'AES256' | 'off';
  part_size_mb: string;
  concurrency: string;
  access_key_id: string;
  secret_access_key: string;
  auto_backup: boolean;
};

export function toS3Form(v: S3SettingsView): S3Form {
  return {
    endpoint: v.endpoint ?? '',
    region: v.region,
    bucket: v.bucket ?? '',
    prefix: v.prefix,
    force_path_style: v.force_path_style,
    sse: v.sse,
    part_size_mb: v.part_size_mb === null ? '' : String(v.part_size_mb),
    concurrency: String(v.concurrency),
    access_key_id: v.access_key_id ?? '',
    secret_access_key: '',
    auto_backup: v.auto_backup,
  };
}

/**
 * Only fields the environment does not set are sent (the server would ignore them anyway); without a keychain
 * (`can_store_secret: false`) no key fields at all, since the server refuses them.
 */
export function toS3Input(form: S3Form, view: S3SettingsView): S3SettingsInput {
  const fromEnv = (field: string) => view.source[field] === 'env';
  const input: Record<string, unknown> = {};
  const put = (field: string, value: unknown) => {
    if (!fromEnv(field)) input[field] = value;
  };
  put('endpoint', form.endpoint.trim() || null);
  put('region', form.region.trim());
  if (form.bucket.trim()) put('bucket', form.bucket.trim());
  put('prefix', form.prefix.trim());
  put('force_path_style', form.force_path_style);
  put('sse', form.sse);
  put('part_size_mb', form.part_size_mb.trim() === '' ? null : Number(form.part_size_mb));
  put('concurrency', Number(form.concurrency));
  if (view.can_store_secret !== false) {
    put('access_key_id', form.access_key_id.trim() || null);
    if (form.secret_access_key && !fromEnv('secret_access_key')) input.secret_access_key = form.secret_access_key;
  }
  input.auto_backup = form.auto_backup;
  return input as S3SettingsInput;
}

/** Where credentials come from, in words, for the notice at the top of the dialog. */
export function credentialsSource(view: S3SettingsView): string {
  if (view.source.secret_access_key === 'env') return 'the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)';
  if (view.source.secret_access_key === 'settings') return 'the keys saved here';
  return 'the AWS profile or the instance role, if any (AWS_PROFILE)';
}
