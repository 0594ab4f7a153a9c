/**
 * "Move all N matching sessions to the trash?" for a selection over the whole filtered set: the sessions are not all
 * loaded, so it says how many and which view, with Cancel focused so a stray Enter deletes nothing.
 */
import { Dialog } from '../../components/Dialog.js';

interface DeleteAllMatchingDialogProps {
  /** "600" or "10,000+". */
  count: string;
  onConfirm(): void;
  onClose(): void;
}

export function DeleteAllMatchingDialog({ count, onConfirm, onClose }: DeleteAllMatchingDialogProps) {
  return (
    <Dialog
      title={`Move all ${count} matching sessions to the trash?`}
      onClose={onClose}
      testId="delete-all-matching-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={onConfirm} data-testid="confirm-delete-all-matching">
            Move all {count} to the trash
          </button>
        </>
      }
    >
      <p>
        Every session the current search and filters show goes, not only the rows loaded on screen. Their files are kept
        until the trash is emptied; restore any of them from “Storage and cleanup…” → Trash.
      </p>
    </Dialog>
  );
}
