/**
 * Bulk cleanup in two steps: a dry run first shows exactly what would go (count, the sessions themselves, the
 * space), and only the user's confirmation runs the real delete with the same filters, then shows what was freed.
 * Cancel has the focus at every step: Enter alone never deletes anything.
 */
import { useEffect, useState } from 'react';
import type { BulkDeleteResult } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../lib/error-message.js';
import { formatBytes, formatCount, plural } from '../../lib/format.js';
import { CLEANUP_FILTER } from './cleanup-policy.js';
import { CleanupFigures, CleanupList } from './CleanupList.js';
import { useCleanupCandidates } from './use-cleanup-candidates.js';

type Step =
  | { kind: 'previewing' }
  | { kind: 'preview'; result: BulkDeleteResult }
  | { kind: 'deleting'; preview: BulkDeleteResult }
  | { kind: 'done'; result: BulkDeleteResult }
  | { kind: 'error'; message: string };

export function CleanupDialog({ onClose }: { onClose(): void }) {
  const { transport, library, stats } = useServices();
  const [step, setStep] = useState<Step>({ kind: 'previewing' });
  const candidates = useCleanupCandidates(transport.client);

  useEffect(() => {
    let live = true;
    transport.client.sessions
      .bulkDelete({ ...CLEANUP_FILTER, dry_run: true })
      .then((result) => live && setStep({ kind: 'preview', result }))
      .catch((error: unknown) => live && setStep({ kind: 'error', message: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [transport]);

  const confirm = async (preview: BulkDeleteResult) => {
    setStep({ kind: 'deleting', preview });
    try {
      const result = await transport.client.sessions.bulkDelete({ ...CLEANUP_FILTER, dry_run: false });
      setStep({ kind: 'done', result });
    } catch (error) {
      setStep({ kind: 'error', message: errorMessage(error) });
    } finally {
      void library.getState().reload();
      stats.getState().refresh();
    }
  };

  const busy = step.kind === 'deleting';
  const close = (
    // Cancel/Close holds the focus: Enter alone must never start a delete.
    <button type="button" className="button" onClick={onClose} disabled={busy} autoFocus>
      {step.kind === 'done' ? 'Close' : 'Cancel'}
    </button>
  );
  const nothing = step.kind === 'preview' && step.result.deleted_count === 0;

  return (
    <Dialog
      title="Delete old failed sessions"
      onClose={onClose}
      busy={busy}
      testId="cleanup-dialog"
      wide
      actions={
        <>
          {close}
          {step.kind === 'preview' && !nothing ? (
            <button
              type="button"
              className="button danger"
              onClick={() => void confirm(step.result)}
              data-testid="confirm-cleanup"
            >
              Delete {plural(step.result.deleted_count, 'failed session')} permanently
            </button>
          ) : null}
        </>
      }
    >
      <p>Failed sessions added more than {CLEANUP_FILTER.older_than_days} days ago are deleted with their files.</p>
      <div className="cleanup-step" aria-live="polite">
        {step.kind === 'previewing' ? <p className="muted">Checking what would be deleted…</p> : null}
        {step.kind === 'preview' && nothing ? (
          <p data-testid="cleanup-preview">
            Nothing to clean up: no failed sessions older than {CLEANUP_FILTER.older_than_days} days.
          </p>
        ) : null}
        {step.kind === 'preview' && !nothing ? (
          <>
            <p data-testid="cleanup-preview">
              This will delete <strong data-testid="preview-count">{formatCount(step.result.deleted_count)}</strong>{' '}
              failed {step.result.deleted_count === 1 ? 'session' : 'sessions'} and free{' '}
              <strong data-testid="preview-bytes">{formatBytes(step.result.bytes_freed)}</strong> on this disk.
            </p>
            <CleanupFigures result={step.result} candidates={candidates} />
            <CleanupList candidates={candidates} total={step.result.deleted_count} />
          </>
        ) : null}
        {step.kind === 'deleting' ? (
          <p className="muted">Deleting {plural(step.preview.deleted_count, 'session')}…</p>
        ) : null}
        {step.kind === 'done' ? (
          <>
            <p data-testid="cleanup-result" role="status">
              Sessions deleted: <strong data-testid="result-count">{formatCount(step.result.deleted_count)}</strong>,
              disk space freed: <strong data-testid="result-bytes">{formatBytes(step.result.bytes_freed)}</strong>
            </p>
            <CleanupFigures result={step.result} candidates={candidates} />
            {step.result.errors.length > 0 ? (
              <p className="error-text">
                {plural(step.result.errors.length, 'problem')} while deleting files; Filmroom retries them later.
              </p>
            ) : null}
          </>
        ) : null}
        {step.kind === 'error' ? (
          <p className="error-text" role="alert">
            {step.message}
          </p>
        ) : null}
      </div>
    </Dialog>
  );
}
