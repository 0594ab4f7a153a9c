/** The upload queue across sessions: progress, pause/resume/cancel, failures with reasons and Retry; Sync with bucket. */
import { useCallback, useEffect, useState } from 'react';
import type { QueuedUploadRecord } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../lib/error-message.js';
import { formatBytes } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';
import { placeHash, reviewHash } from '../review/route-path.js';
import { VerifyBackupsPanel } from './VerifyBackupsPanel.js';

interface SyncOutcome {
  text: string;
  missing: { id: string; title: string }[];
}

export function UploadsDialog({ onClose }: { onClose(): void }) {
  const { transport, events } = useServices();
  const [items, setItems] = useState<QueuedUploadRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [syncResult, setSyncResult] = useState<SyncOutcome | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    transport.client.uploads
      .list({})
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [transport]);

  useEffect(() => load(), [load]);
  useEffect(
    () =>
      events.subscribe((event) => {
        if (event.type !== 'upload.progress') return;
        setItems((prev) => {
          if (!prev || !prev.some((u) => u.upload_id === event.upload_id)) {
            load();
            return prev;
          }
          return prev.map((u) =>
            u.upload_id === event.upload_id
              ? {
                  ...u,
                  bytes_sent: event.bytes_sent,
                  state: event.state as QueuedUploadRecord['state'],
                  error: event.error,
                }
              : u,
          );
        });
      }),
    [events, load],
  );

  const act = async (upload: QueuedUploadRecord, action: 'pause' | 'resume' | 'cancel') => {
    try {
      const next = await transport.client.uploads[action]({ upload_id: upload.upload_id });
      setItems((prev) => prev?.map((u) => (u.upload_id === upload.upload_id ? { ...u, ...next } : u)) ?? prev);
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  const syncBucket = async () => {
    setBusy(true);
    try {
      const r = await transport.client.recordings.syncBucket({});
      setSyncResult({
        text:
          `Found ${r.discovered} new, updated ${r.updated}, missing ${r.missing}` +
          (r.errors.length ? `; errors: ${r.errors.join('; ')}` : ''),
        missing: r.missing_sessions,
      });
    } catch (e) {
      setSyncResult({ text: `Failed: ${errorMessage(e)}`, missing: [] });
    } finally {
      setBusy(false);
    }
  };

  const syncButton = (
    <button
      type="button"
      className="button"
      onClick={() => void syncBucket()}
      disabled={busy}
      data-testid="sync-bucket"
    >
      Sync with bucket
    </button>
  );
  return (
    <Dialog
      title="Uploads"
      onClose={onClose}
      busy={busy}
      testId="uploads-dialog"
      wide
      placeActions={syncButton}
      actions={
        <>
          {syncButton}
          <button type="button" className="button primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {error && /not configured/i.test(error) ? (
        <p data-testid="uploads-not-set-up">
          Backups are not set up yet: recordings stay on this computer.{' '}
          <a href={placeHash('settings')}>Set up S3 backup in Settings</a>
        </p>
      ) : error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {syncResult ? (
        <div role="status">
          <p className="muted" data-testid="sync-bucket-result">
            {syncResult.text}
          </p>
          {syncResult.missing.length > 0 ? (
            <>
              <p className="small">Their backup is gone from the bucket (open one to back it up again):</p>
              <ul className="small" data-testid="sync-missing-sessions">
                {syncResult.missing.map((m) => (
                  <li key={m.id}>
                    <a href={reviewHash(m.id)}>{m.title}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {items === null ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : items.length === 0 ? (
        <p className="muted">No uploads yet.</p>
      ) : (
        <ul className="upload-list" aria-label="Upload queue" data-testid="upload-list">
          {items.map((u) => (
            <li key={u.upload_id} data-testid="upload-row" data-state={u.state}>
              <span className="cell-ellipsis" title={u.key}>
                {u.title} · {u.file}
              </span>
              <progress max={Math.max(1, u.bytes_total)} value={u.bytes_sent} aria-label={`${u.file} progress`} />
              <span className="muted small">
                {u.state} · {formatBytes(u.bytes_sent)} / {formatBytes(u.bytes_total)}
              </span>
              {u.error ? <span className="error-text small">{u.error}</span> : null}
              <span className="upload-actions">
                {u.state === 'uploading' || u.state === 'queued' ? (
                  <button type="button" className="link-button" onClick={() => void act(u, 'pause')}>
                    Pause
                  </button>
                ) : null}
                {u.state === 'paused' || u.state === 'failed' ? (
                  <button type="button" className="link-button" onClick={() => void act(u, 'resume')}>
                    {u.state === 'failed' ? 'Retry' : 'Resume'}
                  </button>
                ) : null}
                {['uploading', 'queued', 'paused'].includes(u.state) ? (
                  <button type="button" className="link-button danger" onClick={() => void act(u, 'cancel')}>
                    Cancel
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <VerifyBackupsPanel />
    </Dialog>
  );
}
