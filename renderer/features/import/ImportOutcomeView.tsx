/** What an import did: sessions created, files refused with their reasons, one message per path that failed. */
import type { ImportOutcome } from './import-outcome.js';

export function ImportOutcomeView({ outcome }: { outcome: ImportOutcome }) {
  return (
    <div className="import-outcome" data-testid="import-outcome" aria-live="polite">
      {outcome.messages.map((message) => (
        <p key={message} className="error-text" role="alert">
          {message}
        </p>
      ))}
      {outcome.imported.length > 0 ? (
        <p>
          Imported {outcome.imported.length === 1 ? '1 session' : `${outcome.imported.length} sessions`}
          {outcome.imported.some((s) => s.status === 'failed')
            ? ' (some could not be read: see the Failed filter)'
            : ''}
          {outcome.imported.some((s) => s.status === 'importing') ? ' (downloading in the background)' : ''}.
        </p>
      ) : null}
      {outcome.refused.length > 0 ? (
        <>
          <p>Not imported:</p>
          <ul className="refused-list" data-testid="import-refused">
            {outcome.refused.map((r) => (
              <li key={r.path}>
                <code>{r.path}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
