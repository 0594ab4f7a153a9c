/**
 * S3 backup settings on one form grid: store, bucket, prefix, encryption, part size, concurrency, credentials,
 * automatic backup. It says up front where credentials come from; headless (no keychain) it offers no key fields.
 * "Test connection" tries the settings as typed and saves nothing; Save stores them. Values set by the environment
 * are shown read-only; the secret is sent once and never shown again. Errors read in plain words, the store's own
 * message one click away.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { S3SettingsView } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';
import { explainProbe, explainS3Error, type ExplainedError } from './s3-errors.js';
import { credentialsSource, toS3Form, toS3Input, type S3Form } from './s3-form.js';

type Probe = { kind: 'testing' } | { kind: 'ok'; latency: number | null } | { kind: 'failed'; error: ExplainedError };

export function S3SettingsDialog({ onClose }: { onClose(): void }) {
  const { transport } = useServices();
  const [view, setView] = useState<S3SettingsView | null>(null);
  const [form, setForm] = useState<S3Form | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const [probe, setProbe] = useState<Probe | null>(null);

  useEffect(() => {
    transport.client.sync
      .getSettings({})
      .then((v) => {
        setView(v);
        setForm(toS3Form(v));
      })
      .catch((e: unknown) => setError(explainS3Error(errorMessage(e))));
  }, [transport]);

  const set = (patch: Partial<S3Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setProbe(null); // a result is about the settings as they were tested
  };
  const fromEnv = (field: string) => view?.source[field] === 'env';
  const locked = (field: string) => fromEnv(field) || busy;
  const keysOffered = view?.can_store_secret !== false;

  const save = async () => {
    if (!form || !view) return;
    setBusy(true);
    setError(null);
    try {
      const next = await transport.client.sync.updateSettings(toS3Input(form, view));
      setView(next);
      setForm(toS3Form(next));
      toast.success('S3 settings saved');
    } catch (e) {
      setError(explainS3Error(errorMessage(e)));
    } finally {
      setBusy(false);
    }
  };

  // The settings as typed are tested; nothing is stored, whatever the outcome.
  const test = async () => {
    if (!form || !view) return;
    setBusy(true);
    setError(null);
    setProbe({ kind: 'testing' });
    try {
      const r = await transport.client.sync.testConnection(toS3Input(form, view));
      setProbe(
        r.ok
          ? { kind: 'ok', latency: r.latency_ms }
          : { kind: 'failed', error: explainProbe(r.error ?? 'failed', r.detail ?? null) },
      );
    } catch (e) {
      setProbe({ kind: 'failed', error: explainS3Error(errorMessage(e)) });
    } finally {
      setBusy(false);
    }
  };

  const text = (field: keyof S3Form, label: string, props: Record<string, unknown> = {}) => (
    <Row label={label} env={fromEnv(field)}>
      {(id) => (
        <input
          id={id}
          type="text"
          value={String(form?.[field] ?? '')}
          disabled={locked(field)}
          onChange={(e) => set({ [field]: e.target.value } as Partial<S3Form>)}
          spellCheck={false}
          data-testid={`s3-${field}`}
          {...props}
        />
      )}
    </Row>
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
          <span className="toolbar-spacer" />
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Close
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!form || busy}
            data-testid="save-s3-settings"
            onClick={() => void save()}
          >
            Save
          </button>
        </>
      }
    >
      {error ? <ErrorText error={error} testId="s3-error" /> : null}
      {probe ? <ProbeResult probe={probe} /> : null}
      {!form || !view ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <div className="form-grid s3-form">
          <p className="form-full muted small" data-testid="s3-configured">
            {view.configured ? `Backing up to ${view.bucket}` : 'S3 is not configured: recordings stay local only.'}
          </p>
          <p className="form-full s3-credentials-note" data-testid="s3-credentials-note">
            {keysOffered
              ? `Credentials: ${credentialsSource(view)}.`
              : `This Filmroom runs without a keychain, so it does not keep keys: credentials come from ${credentialsSource(view)}. Set them where Filmroom runs and restart it.`}
          </p>
          {text('endpoint', 'Endpoint', { placeholder: 'Empty for AWS, e.g. https://s3.example.com' })}
          {text('region', 'Region')}
          {text('bucket', 'Bucket')}
          {text('prefix', 'Prefix')}
          <Row label="Addressing" env={fromEnv('force_path_style')}>
            {(id) => (
              <label className="checkbox" htmlFor={id}>
                <input
                  id={id}
                  type="checkbox"
                  checked={form.force_path_style}
                  disabled={locked('force_path_style')}
                  onChange={(e) => set({ force_path_style: e.target.checked })}
                  data-testid="s3-path-style"
                />
                <span>Path-style (stores without virtual hosts)</span>
              </label>
            )}
          </Row>
          <Row label="Server-side encryption" env={fromEnv('sse')}>
            {(id) => (
              <select
                id={id}
                value={form.sse}
                disabled={locked('sse')}
                onChange={(e) => set({ sse: e.target.value as S3Form['sse'] })}
              >
                <option value="AES256">AES256</option>
                <option value="off">Off (stores that refuse it)</option>
              </select>
            )}
          </Row>
          {text('part_size_mb', 'Part size (MB)', { inputMode: 'numeric', placeholder: 'Automatic' })}
          {text('concurrency', 'Parts at once', { inputMode: 'numeric' })}
          {keysOffered ? (
            <>
              {text('access_key_id', 'Access key id')}
              <Row
                label="Secret access key"
                env={fromEnv('secret_access_key')}
                hint={!fromEnv('secret_access_key') && view.has_secret ? 'Stored; type to replace' : undefined}
              >
                {(id) => (
                  <input
                    id={id}
                    type="password"
                    value={form.secret_access_key}
                    disabled={locked('secret_access_key')}
                    autoComplete="off"
                    onChange={(e) => set({ secret_access_key: e.target.value })}
                    data-testid="s3-secret"
                  />
                )}
              </Row>
            </>
          ) : null}
          <label className="checkbox form-span">
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

/** One label and control pair of the grid; "Set by the environment" (read-only) or a hint under the control. */
function Row({
  label,
  env,
  hint,
  children,
}: {
  label: string;
  env: boolean;
  hint?: string | undefined;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  const note = env ? 'Set by the environment' : hint;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="form-control">
        {children(id)}
        {note ? <span className="muted small form-note">{note}</span> : null}
      </div>
    </>
  );
}

function ProbeResult({ probe }: { probe: Probe }) {
  if (probe.kind === 'testing')
    return (
      <p className="muted" role="status" data-testid="s3-probe">
        Testing…
      </p>
    );
  if (probe.kind === 'ok')
    return (
      <p className="notice" role="status" data-testid="s3-probe">
        Connected: put, head and delete took {probe.latency ?? '?'} ms. Save to use these settings.
      </p>
    );
  return <ErrorText error={probe.error} prefix="The test failed, nothing was saved: " testId="s3-probe" />;
}

function ErrorText({ error, prefix = '', testId }: { error: ExplainedError; prefix?: string; testId: string }) {
  return (
    <div className="error-text" role="alert" data-testid={testId}>
      <p>
        {prefix}
        {error.text}
      </p>
      {error.detail ? (
        <details className="error-detail">
          <summary>Details</summary>
          <code>{error.detail}</code>
        </details>
      ) : null}
    </div>
  );
}
