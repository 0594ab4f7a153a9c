/** What shows in place of, or above, the table: the load error with a retry, and the empty states. */
import { useLibrary } from '../../app/services.js';
import { RestoreFromS3 } from '../restore/RestoreFromS3.js';

export function LoadErrorBar() {
  const error = useLibrary((s) => s.error);
  const reload = useLibrary((s) => s.reload);
  if (!error) return null;
  return (
    <div className="error-bar" role="alert" data-testid="error-bar">
      <span>Could not load sessions: {error}</span>
      <button type="button" className="button small" onClick={() => void reload()}>
        Try again
      </button>
    </div>
  );
}

export function EmptyState({ onImport }: { onImport(): void }) {
  const filters = useLibrary((s) => s.filters);
  const setFilters = useLibrary((s) => s.setFilters);
  const filtered = filters.q.trim() !== '' || filters.status !== 'all';
  return (
    <div className="empty-state" data-testid="empty-state">
      {filtered ? (
        <>
          <h2>No sessions match</h2>
          <p className="muted">Nothing matches {filters.q.trim() ? `“${filters.q.trim()}”` : 'this status'}.</p>
          <button type="button" className="button" onClick={() => setFilters({ q: '', status: 'all' })}>
            Clear filters
          </button>
        </>
      ) : (
        <>
          <h2>Your library is empty</h2>
          <p className="muted">
            Import a Zoom, Teams or Meet recording to start{filters.hideFailed ? ' (failed sessions are hidden)' : ''}.
          </p>
          <div className="empty-actions">
            <button type="button" className="button primary" onClick={onImport}>
              Import recordings
            </button>
            <RestoreFromS3 />
          </div>
        </>
      )}
    </div>
  );
}
