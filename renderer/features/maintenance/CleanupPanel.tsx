/**
 * Cleanup: the settings form, a preview (a dry run: what, why, size, with totals), the run and its result, and the
 * history. "Run cleanup" deletes: it is never the focused button, so Enter alone can never start it.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CleanupConfig, CleanupResult, CleanupRun } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { formatBytes, formatDateTime } from '../../lib/format.js';

type NumberField =
  'failed_session_retention_days' | 'orphaned_file_retention_hours' | 'cleanup_schedule_hour' | 'trash_retention_days';
const FIELDS: { key: NumberField; label: string }[] = [
  { key: 'failed_session_retention_days', label: 'Delete failed sessions after (days)' },
  { key: 'orphaned_file_retention_hours', label: 'Delete stray files after (hours)' },
  { key: 'trash_retention_days', label: 'Empty trash items after (days, 0 = no trash)' },
  { key: 'cleanup_schedule_hour', label: 'Daily cleanup at (hour)' },
];

export function CleanupPanel() {
  const { transport, library, stats } = useServices();
  const client = transport.client.cleanup;
  const [config, setConfig] = useState<CleanupConfig | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<CleanupResult | null>(null);
  const [result, setResult] = useState<CleanupResult | null>(null);
  const [history, setHistory] = useState<CleanupRun[]>([]);
  const [busy, setBusy] = useState<'preview' | 'run' | 'save' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadHistory = useCallback(async () => setHistory((await client.history({})).items), [client]);
  useEffect(() => {
    client
      .config({})
      .then((c) => {
        setConfig(c);
        setDraft(Object.fromEntries(FIELDS.map((f) => [f.key, String(c[f.key])])));
      })
      .catch((e: unknown) => setError(errorMessage(e)));
    void loadHistory().catch(() => undefined);
  }, [client, loadHistory]);

  const run = async (kind: 'preview' | 'run' | 'save', work: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
      await loadHistory().catch(() => undefined);
    }
  };

  const save = () =>
    run('save', async () => {
      const patch = Object.fromEntries(FIELDS.map((f) => [f.key, Number(draft[f.key])]));
      setConfig(await client.updateConfig(patch));
    });
  const doPreview = () =>
    run('preview', async () => {
      setResult(null);
      setPreview(await client.all({ dry_run: true }));
    });
  const doRun = () =>
    run('run', async () => {
      setResult(await client.all({ dry_run: false }));
      setPreview(null);
      void library.getState().reload();
      stats.getState().refresh();
    });

  return (
    <div data-testid="cleanup-panel">
      {error ? <p role="alert">{error}</p> : null}
      {config ? (
        <form
          className="cleanup-config"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {FIELDS.map((f) => (
            <label key={f.key}>
              <span>{f.label}</span>
              <input
                type="number"
                value={draft[f.key] ?? ''}
                disabled={config.source[f.key] === 'env'}
                title={config.source[f.key] === 'env' ? 'Set by an environment variable' : undefined}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                data-testid={`config-${f.key}`}
              />
            </label>
          ))}
          <button type="submit" className="button" disabled={busy !== null}>
            Save settings
          </button>
        </form>
      ) : null}
      <div className="cleanup-actions">
        <button type="button" className="button primary" onClick={() => void doPreview()} disabled={busy !== null}>
          Preview cleanup
        </button>
        <button
          type="button"
          className="button danger"
          onClick={() => void doRun()}
          disabled={busy !== null || preview === null}
          data-testid="run-cleanup"
        >
          {busy === 'run' ? 'Cleaning up…' : 'Run cleanup'}
        </button>
      </div>
      {preview ? <ResultTable result={preview} testId="cleanup-preview" /> : null}
      {result ? (
        <p data-testid="cleanup-run-result" aria-live="polite">
          Deleted {result.orphaned_files_count} file(s), {result.failed_sessions_count} failed session(s),{' '}
          {result.trash_purged.length} trashed session(s); freed {formatBytes(result.bytes_freed)}
          {result.error_count > 0 ? `; ${result.error_count} error(s)` : ''}.
        </p>
      ) : null}
      <h3>History</h3>
      <ul data-testid="cleanup-history" className="plain-list">
        {history.map((h) => (
          <li key={h.id}>
            {formatDateTime(h.started_at)} · {h.kind} · {h.trigger} · {h.dry_run ? 'preview' : 'run'}
            {h.result ? ` · ${formatBytes(h.result.bytes_freed)}` : ' · running'}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ResultTable({ result, testId }: { result: CleanupResult; testId: string }) {
  const rows = [
    ...result.orphaned_files.map((f) => ({ what: f.name, why: f.reason, size: f.size })),
    ...result.failed_sessions_cleaned.map((id) => ({ what: id, why: 'failed session past its retention', size: null })),
    ...result.trash_purged.map((id) => ({ what: id, why: 'in the trash past its retention', size: null })),
  ];
  return (
    <div data-testid={testId}>
      <p data-testid="cleanup-preview-total">
        {rows.length} item(s), {formatBytes(result.bytes_freed)} to free
      </p>
      {rows.length > 0 ? (
        <table className="plain-table">
          <thead>
            <tr>
              <th>What</th>
              <th>Why</th>
              <th>Size</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.what}>
                <td>{r.what}</td>
                <td>{r.why}</td>
                <td>{r.size === null ? '—' : formatBytes(r.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
