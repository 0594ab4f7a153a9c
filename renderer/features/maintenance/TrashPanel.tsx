/**
 * The trash: what was deleted, when it is purged for good; restore, delete forever, empty. The list comes a page
 * at a time (GET /trash is paginated); "Show more" follows `next_cursor`, the count and size are the whole trash's.
 * Deleting for good asks first (Cancel focused) and says what happened after.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TrashedSession } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { formatBytes, formatDateTime, plural } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';

type Pending = { kind: 'one'; session: TrashedSession } | { kind: 'all' } | null;

/** Trash items per page. */
const PAGE = 100;

export function TrashPanel() {
  const { transport, library, stats } = useServices();
  const [items, setItems] = useState<TrashedSession[] | null>(null);
  const [bytes, setBytes] = useState(0);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await transport.client.trash.list({ limit: PAGE });
      setItems(r.items);
      setBytes(r.bytes);
      setTotal(r.total);
      setNext(r.next_cursor);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [transport]);

  useEffect(() => {
    void load();
  }, [load]);

  const more = async () => {
    if (!next) return;
    try {
      const r = await transport.client.trash.list({ limit: PAGE, cursor: next });
      setItems((shown) => [...(shown ?? []), ...r.items]);
      setBytes(r.bytes);
      setTotal(r.total);
      setNext(r.next_cursor);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await work();
      if (done) {
        setMessage(done);
        toast.success(done);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      await load();
      void library.getState().reload();
      stats.getState().refresh();
    }
  };

  if (!items) return <p className="muted">{error ?? 'Loading…'}</p>;
  return (
    <div data-testid="trash-panel">
      {error ? <p role="alert">{error}</p> : null}
      {message ? (
        <p role="status" className="notice" data-testid="trash-message">
          {message}
        </p>
      ) : null}
      <p>
        <span data-testid="trash-count">{total}</span> in the trash ({formatBytes(bytes)}).
      </p>
      <p className="muted small" data-testid="trash-backup-note">
        Deleting a session for good also deletes its backup in S3: only a note that it was deleted stays in the bucket,
        so no restore brings it back and there is no “restore from backup” afterwards. Until then, Restore brings it
        back, and a restored library puts it back here.
      </p>
      {items.length === 0 ? (
        <p className="muted">The trash is empty.</p>
      ) : (
        <table className="plain-table">
          <thead>
            <tr>
              <th>Session</th>
              <th>Size</th>
              <th>Deleted</th>
              <th>Purged for good</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-testid="trash-row">
                <td>{s.title}</td>
                <td>{formatBytes(s.size)}</td>
                <td>{formatDateTime(s.deleted_at)}</td>
                <td>{s.purge_at ? formatDateTime(s.purge_at) : 'never'}</td>
                <td>
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    onClick={() =>
                      void act(() => transport.client.trash.restore({ id: s.id }), `Restored “${s.title}”`)
                    }
                  >
                    Restore
                  </button>{' '}
                  <button
                    type="button"
                    className="button small danger"
                    disabled={busy}
                    onClick={() => setPending({ kind: 'one', session: s })}
                  >
                    Delete forever
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next ? (
        <p>
          <button type="button" className="button small" data-testid="trash-more" onClick={() => void more()}>
            Show more ({total - items.length} not shown)
          </button>
        </p>
      ) : null}
      {items.length > 0 ? (
        <button type="button" className="button danger" disabled={busy} onClick={() => setPending({ kind: 'all' })}>
          Empty trash
        </button>
      ) : null}
      {pending?.kind === 'one' ? (
        <ConfirmDialog
          title="Delete this session forever?"
          confirmLabel="Delete forever"
          onClose={() => setPending(null)}
          onConfirm={() => {
            const s = pending.session;
            setPending(null);
            void act(() => transport.client.trash.remove({ id: s.id }), `Deleted “${s.title}” for good`);
          }}
        >
          <p>
            <strong>{pending.session.title}</strong> ({formatBytes(pending.session.size)})
          </p>
          <p>
            Its recording, transcript, notes and its backup in S3 are deleted; no restore from the backup can bring it
            back. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {pending?.kind === 'all' ? (
        <ConfirmDialog
          title="Empty the trash?"
          confirmLabel="Empty trash"
          onClose={() => setPending(null)}
          onConfirm={() => {
            const count = items.length;
            setPending(null);
            void act(() => transport.client.trash.empty({}), `Deleted ${plural(count, 'session')} for good`);
          }}
        >
          <p>
            {plural(items.length, 'session')} ({formatBytes(bytes)}) and their backups are deleted. This cannot be
            undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
