/**
 * "Move N sessions to the trash?" for a selection: lists every session that goes (title, client, date, size), with
 * Cancel focused so a stray Enter deletes nothing. The button says exactly what it does.
 */
import type { Session } from '../../../shared/contract/index.js';
import { Dialog } from '../../components/Dialog.js';
import { formatBytes, formatDateTime, plural } from '../../lib/format.js';

interface BulkDeleteDialogProps {
  sessions: readonly Session[];
  onConfirm(): void;
  onClose(): void;
}

export function BulkDeleteDialog({ sessions, onConfirm, onClose }: BulkDeleteDialogProps) {
  const bytes = sessions.reduce((sum, s) => sum + s.size, 0);
  const what = plural(sessions.length, 'session');
  return (
    <Dialog
      title={`Move ${what} to the trash?`}
      onClose={onClose}
      testId="bulk-delete-dialog"
      wide
      actions={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={onConfirm} data-testid="confirm-bulk-delete">
            Move {what} to the trash
          </button>
        </>
      }
    >
      <p>
        They leave the library; their files ({formatBytes(bytes)}) are kept until the trash is emptied. Restore any of
        them from “Storage and cleanup…” → Trash.
      </p>
      <ul className="bulk-list" aria-label="Sessions that will move to the trash" data-testid="bulk-delete-list">
        {sessions.map((s) => (
          <li key={s.id}>
            <span className="cell-ellipsis">
              <strong>{s.title}</strong>
            </span>
            <span className="muted small">
              {s.client || 'No client'} · {formatDateTime(s.recorded_at)} · {formatBytes(s.size)}
            </span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
