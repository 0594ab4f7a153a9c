/**
 * "Are you sure?" for one destructive or costly action: what it does in plain words, Cancel focused (Enter alone
 * never confirms), the action button named for what it does.
 */
import type { ReactNode } from 'react';
import { Dialog } from './Dialog.js';

interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm(): void;
  onClose(): void;
  /** A deletion (red button) rather than a reversible action. */
  danger?: boolean;
  testId?: string;
}

export function ConfirmDialog({
  title,
  confirmLabel,
  children,
  onConfirm,
  onClose,
  danger = true,
  testId = 'confirm-dialog',
}: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId={testId}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'button danger' : 'button primary'}
            onClick={onConfirm}
            data-testid="confirm-action"
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
