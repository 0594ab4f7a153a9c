/**
 * "Verify backups" (admin): starts a run (HEAD every backed-up object, re-hash a sample by download) and shows the
 * latest run's findings per session — missing, changed, unverifiable — with the history's counts below. Hidden for
 * coaches (the routes are admin-only).
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, type VerifyFinding, type VerifyRun } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { VerifySchedule } from './VerifySchedule.js';

const KINDS = [
  ['missing', 'Missing'],
  ['changed', 'Changed'],
  ['unverifiable', 'Unverifiable'],
] as const;

function summary(run: VerifyRun): string {
  const scheduled = run.trigger === 'schedule' ? ' (scheduled)' : '';
  if (!run.finished_at) return `Checking… ${run.checked} objects so far${scheduled}`;
  const found = `${run.missing.length} missing, ${run.changed.length} changed, ${run.unverifiable.length} unverifiable`;
  return `${run.checked} objects checked (${run.rehashed} re-hashed): ${run.ok} ok, ${found}${scheduled}`;
}

export function VerifyBackupsPanel() {
  const { transport } = useServices();
  const [runs, setRuns] = useState<VerifyRun[] | null>(null);
  const [hidden, setHidden] = useState(false);
  const [sample, setSample] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    transport.client.recordings
      .verifyRuns({})
      .then((r) => setRuns(r.items))
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 403) setHidden(true);
        else setError(errorMessage(e));
      });
  }, [transport]);

  useEffect(() => load(), [load]);
  const running = runs?.[0] !== undefined && runs[0].finished_at === null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(load, 1000);
    return () => clearInterval(timer);
  }, [running, load]);

  const start = async () => {
    setError(null);
    try {
      await transport.client.recordings.verify({ sample_rehash: sample });
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (hidden) return null;
  const latest = runs?.[0];
  return (
    <section aria-label="Verify backups" data-testid="verify-backups">
      <h3>Verify backups</h3>
      <p className="muted small">
        Checks every object in the bucket the library relies on (size and sha256); a sample is downloaded and re-hashed.
        Nothing is changed or re-uploaded.
      </p>
      <label className="small">
        Re-hash{' '}
        <select value={sample} onChange={(e) => setSample(Number(e.target.value))} aria-label="Re-hash sample">
          {[0, 5, 25, 100].map((p) => (
            <option key={p} value={p}>
              {p} %
            </option>
          ))}
        </select>
      </label>{' '}
      <button
        type="button"
        className="button"
        onClick={() => void start()}
        disabled={running}
        data-testid="verify-start"
      >
        {running ? 'Verifying…' : 'Verify backups'}
      </button>
      <VerifySchedule sample={sample} />
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {latest ? (
        <div role="status" data-testid="verify-result">
          <p>{summary(latest)}</p>
          {latest.error ? <p className="error-text small">{latest.error}</p> : null}
          {KINDS.map(([kind, label]) =>
            latest[kind].length > 0 ? (
              <Findings key={kind} label={label} items={latest[kind]} testId={`verify-${kind}`} />
            ) : null,
          )}
          {runs && runs.length > 1 ? (
            <details>
              <summary className="small">Earlier runs</summary>
              <ul className="small">
                {runs.slice(1).map((r) => (
                  <li key={r.run_id}>
                    {new Date(r.started_at).toLocaleString()} — {summary(r)}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function Findings({ label, items, testId }: { label: string; items: VerifyFinding[]; testId: string }) {
  return (
    <details open data-testid={testId}>
      <summary>
        {label} ({items.length})
      </summary>
      <ul className="small">
        {items.slice(0, 200).map((f) => (
          <li key={f.key} title={f.key}>
            <strong>{f.title}</strong> · {f.key.slice(f.key.lastIndexOf('/') + 1)} — {f.detail}
          </li>
        ))}
        {items.length > 200 ? <li className="muted">…and {items.length - 200} more</li> : null}
      </ul>
    </details>
  );
}
