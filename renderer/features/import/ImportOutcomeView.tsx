/**
 * What an import did, one line per session it made — a recording that could not be read is a failure (red, with
 * the reason and what to do), not a success — with an "Open in review" link each, then the files refused with
 * their reasons and one message per path that imported nothing. It stays until the dialog closes.
 */
import { useEffect, useState } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { failureReason } from '../../lib/failure-reason.js';
import { plural } from '../../lib/format.js';
import { reviewHash } from '../review/route-path.js';
import type { ImportOutcome } from './import-outcome.js';
import { coachMessage, fileName } from './import-wording.js';

/** The imported sessions as the library now has them (title, status, reason), fetched once per outcome. */
function useImportedSessions(outcome: ImportOutcome): Map<string, Session> {
  const { transport } = useServices();
  const [sessions, setSessions] = useState(new Map<string, Session>());
  useEffect(() => {
    let live = true;
    void Promise.all(outcome.imported.map((s) => transport.client.sessions.get({ id: s.id }).catch(() => null))).then(
      (found) => {
        if (live) setSessions(new Map(found.flatMap((s) => (s ? [[s.id, s] as const] : []))));
      },
    );
    return () => {
      live = false;
    };
  }, [outcome, transport]);
  return sessions;
}

export function ImportOutcomeView({ outcome, onOpen }: { outcome: ImportOutcome; onOpen?: () => void }) {
  const sessions = useImportedSessions(outcome);
  const failed = outcome.imported.filter((s) => s.status === 'failed');
  const good = outcome.imported.length - failed.length;
  return (
    <div className="import-outcome" data-testid="import-outcome" aria-live="polite">
      {outcome.messages.map((message) => (
        <p key={message} className="error-text" role="alert">
          {coachMessage(message)}
        </p>
      ))}
      {good > 0 ? (
        <p className="success-text" data-testid="import-success">
          Imported {plural(good, 'session')}
          {outcome.imported.some((s) => s.status === 'importing') ? ' (downloading in the background)' : ''}.
        </p>
      ) : null}
      {failed.length > 0 ? (
        <p className="error-text" role="alert" data-testid="import-failed">
          {failed.length === 1
            ? '1 recording could not be read. It is kept as a failed session so you can see why; delete it once you have exported the recording again.'
            : `${failed.length} recordings could not be read. They are kept as failed sessions so you can see why; delete them once you have exported the recordings again.`}
        </p>
      ) : null}
      {outcome.imported.length > 0 ? (
        <ul className="imported-list" data-testid="imported-list">
          {outcome.imported.map((s) => {
            const full = sessions.get(s.id);
            return (
              <li key={s.id} data-testid="imported-item" data-status={s.status}>
                <span className={s.status === 'failed' ? 'error-text' : undefined}>
                  {s.status === 'failed' ? '✕ ' : '✓ '}
                  {full?.title ?? s.id}
                  {s.status === 'failed' && full?.status_detail ? `: ${failureReason(full.status_detail).text}` : ''}
                </span>{' '}
                <a href={reviewHash(s.id)} onClick={onOpen} data-testid="open-imported">
                  Open in review
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
      {outcome.refused.length > 0 ? (
        <>
          <p>Not imported:</p>
          <ul className="refused-list" data-testid="import-refused">
            {outcome.refused.map((r) => (
              <li key={r.path}>
                <code>{fileName(r.path)}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
