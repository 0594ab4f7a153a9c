/**
 * The library's restore line: a restore going (started here, or found running on mount, e.g. after a reload) with
 * its progress, then its summary until dismissed. Always mounted above the table, so it does not vanish when the
 * first restored session replaces the empty library.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../../app/services.js';
import { dismissRestoreRun, onRestoreEvent, refreshRestoreRun, restoreRun } from './restore-run.js';

export function RestoreStatus() {
  const { transport, events } = useServices();
  const { progress, shown } = useStore(restoreRun);

  useEffect(() => {
    // A coach token may not read restores: nothing to show then.
    refreshRestoreRun(transport.client.restore).catch(() => undefined);
  }, [transport]);
  useEffect(() => events.subscribe(onRestoreEvent), [events]);

  if (!progress || !shown) return null;
  const running = progress.state === 'running';
  return (
    <div className="restore-status" data-testid="restore-status">
      <p className="muted" role="status" data-testid="restore-progress">
        {running
          ? `Restoring from S3: ${progress.done} of ${progress.total || '…'} sessions`
          : progress.state === 'completed'
            ? `Restored from S3: ${progress.done} of ${progress.total} sessions checked`
            : 'The restore from S3 failed'}
        {progress.errors > 0 ? ` (${progress.errors} not imported: see the restore report)` : ''}
      </p>
      {running ? null : (
        <button type="button" className="button small" onClick={dismissRestoreRun}>
          Dismiss
        </button>
      )}
    </div>
  );
}
