/**
 * S3 backup settings: store, bucket, prefix, encryption, part size, concurrency, credentials, automatic backup,
 * and "Test connection". Values set by the environment are shown read-only (the environment wins). The secret is
 * sent once and never shown again (the server answers only `has_secret`).
 */
import { useEffect, useState } from 'react';
import type { S3SettingsInput, S3SettingsView } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';

type Form = {
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

function toForm(v: S3SettingsView): Form {
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

/** Only fields the environment does not set are sent (the server would ignore them anyway). */
function toInput(form: Form, view: S3SettingsView): S3SettingsInput {
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
  put('access_key_id', form.access_key_id.trim() || null);
  if (form.secret_access_key) input.secret_access_key = form.secret_access_key;
  input.auto_backup = form.auto_backup;
  return input as S3SettingsInput;
}

export function S3SettingsDialog({ onClose }: { onClose(): void }) {
  const { transport } = useServices();
  const [view, setView] = useState<S3SettingsView | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [probe, setProbe] = useState<string | null>(null);

  useEffect(() => {
    transport.client.sync
      .getSettings({})
      .then((v) => {
        setView(v);
        setForm(toForm(v));
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [transport]);

  const set = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const envNote = (field: string) => (view?.source[field] === 'env' ? ' (set by the environment)' : '');
  const locked = (field: string) => view?.source[field] === 'env' || busy;

  const save = async (): Promise<boolean> => {
    if (!form || !view) return false;
    setBusy(true);
    setError(null);
    try {
      const next = await transport.client.sync.updateSettings(toInput(form, view));
      setView(next);
      setForm(toForm(next));
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const test = async () => {
    if (!(await save())) return;
    setBusy(true);
    setProbe('Testing…');
    try {
      const r = await transport.client.sync.testConnection({});
      setProbe(r.ok ? `Connected: put, head and delete took ${r.latency_ms} ms` : `Failed: ${r.error}`);
    } catch (e) {
      setProbe(`Failed: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const text = (field: keyof Form, label: string, props: Record<string, unknown> = {}) => (
    <label className="field stacked">
      <span>
        {label}
        {envNote(field)}
      </span>
      <input
        type="text"
        value={String(form?.[field] ?? '')}
        disabled={locked(field)}
        onChange={(e) => set({ [field]: e.target.value } as Partial<Form>)}
        spellCheck={false}
        data-testid={`s3-${field}`}
        {...props}
      />
    </label>
  );

  return (
    <Dialog
      title="S3 backup"
      onClose={onClose}
      busy={busy}
      testId="s3-settings-dialog"
      wide
      actions={
        <>
          <button type="button" className="button" onClick={() => void test()} disabled={!form || busy}>
            Test connection
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Close
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!form || busy}
            data-testid="save-s3-settings"
            onClick={() =>
              void save().then((ok) => {
                if (ok) toast.success('S3 settings saved');
              })
            }
          >
            Save
          </button>
        </>
      }
    >
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {probe ? (
        <p className={probe.startsWith('Failed') ? 'error-text' : 'muted'} role="status" data-testid="s3-probe">
          {probe}
        </p>
      ) : null}
      {!form ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <div className="form">
          <p className="muted small" data-testid="s3-configured">
            {view?.configured ? `Backing up to ${view.bucket}` : 'S3 is not configured: recordings stay local only.'}
          </p>
          {text('endpoint', 'Endpoint (empty for AWS)', { placeholder: 'https://s3.example.com' })}
          {text('region', 'Region')}
          {text('bucket', 'Bucket')}
          {text('prefix', 'Prefix')}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.force_path_style}
              disabled={locked('force_path_style')}
              onChange={(e) => set({ force_path_style: e.target.checked })}
              data-testid="s3-path-style"
            />
            <span>Path-style addressing (stores without virtual hosts){envNote('force_path_style')}</span>
          </label>
          <label className="field stacked">
            <span>Server-side encryption{envNote('sse')}</span>
            <select
              value={form.sse}
              disabled={locked('sse')}
              onChange={(e) => set({ sse: e.target.value as Form['sse'] })}
            >
              <option value="AES256">AES256</option>
              <option value="off">Off (stores that refuse it)</option>
            </select>
          </label>
          {text('part_size_mb', 'Part size in MB (empty: automatic)', { inputMode: 'numeric' })}
          {text('concurrency', 'Parts at once', { inputMode: 'numeric' })}
          {text('access_key_id', 'Access key id')}
          <label className="field stacked">
            <span>
              Secret access key {view?.has_secret ? '(stored; type to replace)' : ''}
              {envNote('secret_access_key')}
            </span>
            <input
              type="password"
              value={form.secret_access_key}
              disabled={locked('secret_access_key')}
              autoComplete="off"
              onChange={(e) => set({ secret_access_key: e.target.value })}
            />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.auto_backup}
              onChange={(e) => set({ auto_backup: e.target.checked })}
            />
            <span>Back up new sessions automatically once they are ready</span>
          </label>
        </div>
      )}
    </Dialog>
  );
}
