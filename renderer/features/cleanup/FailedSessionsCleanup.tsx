/** In Storage → Clean up: the button that reviews and deletes old failed sessions (CleanupDialog). */
import { useState } from 'react';
import { CleanupDialog } from './CleanupDialog.js';
import { CLEANUP_FILTER } from './cleanup-policy.js';

export function FailedSessionsCleanup() {
  const [open, setOpen] = useState(false);
  return (
    <div className="cleanup-failed">
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="cleanup-button">
        Delete old failed sessions…
      </button>{' '}
      <span className="muted small">
        Lists every failed session added more than {CLEANUP_FILTER.older_than_days} days ago before deleting it.
      </span>
      {open ? <CleanupDialog onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
