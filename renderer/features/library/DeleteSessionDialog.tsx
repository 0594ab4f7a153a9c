/** "Delete this session?" — on confirm the row disappears at once; the store restores it if the server refuses. */
import type { Session } from '../../../shared/contract/index.js';
import { Dialog } from '../../components/Dialog.js';
import { formatBytes, formatDateTime } from '../../lib/format.js';

interface DeleteSessionDialogProps {
  session: Session;
  onConfirm(): void;
  onClose(): void;
}

export function DeleteSessionDialog({ session, onConfirm, onClose }: DeleteSessionDialogProps) {
  return (
    <Dialog
      title="Delete this session?"
      onClose={onClose}
      testId="delete-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={onConfirm} data-testid="confirm-delete">
            Delete session
          </button>
        </>
      }
    >
      <p>
        <strong>{session.title}</strong>
        <br />
        <span className="muted">
          {session.client || 'No client'} · recorded {formatDateTime(session.recorded_at)} · {formatBytes(session.size)}
        </span>
      </p>
      <p>
        It moves to the trash: gone from the library, its files kept until the trash is emptied. Undo it at once, or
        restore it later from the Trash.
      </p>
    </Dialog>
  );
}
