/**
 * Shown in place of the player when there is nothing to play, saying why and what to do: a recording Filmroom
 * could not read (with the reason), a demo session from `filmroom seed` (no recording by design), or a session
 * whose recording is missing.
 */
import { failureReason } from '../../lib/failure-reason.js';
import type { Session } from '../../../shared/contract/index.js';

export type NoticeKind = 'failed' | 'demo' | 'missing';

/** Why this session has no player, or null when it should play. */
export function noticeFor(session: Session | null, hasMedia: boolean): NoticeKind | null {
  if (!session) return null;
  if (session.synthetic) return 'demo';
  if (session.status === 'failed') return 'failed';
  return hasMedia ? null : 'missing';
}

export function SessionNotice({ kind, session }: { kind: NoticeKind; session: Session }) {
  if (kind === 'demo') {
    return (
      <div className="session-notice" data-testid="session-notice" data-kind="demo">
        <p className="session-notice-title">Demo session: no recording</p>
        <p>
          This session was made up by <code>filmroom seed</code> to show what a full library looks like. It has no
          video, so there is nothing to play or analyze. Import your own recordings with <strong>Import…</strong> in the
          library.
        </p>
      </div>
    );
  }
  if (kind === 'failed') {
    return (
      <div
        className="session-notice session-notice-danger"
        role="alert"
        data-testid="session-notice"
        data-kind="failed"
      >
        <p className="session-notice-title">Filmroom could not read this recording</p>
        <FailureText detail={session.status_detail} />
        <p>
          What to do: check whether the file plays in your usual video player. If it does not, download or export it
          again from Zoom, Teams or Meet and import the new copy. Then delete this failed session from the library.
        </p>
      </div>
    );
  }
  return (
    <div className="session-notice" data-testid="session-notice" data-kind="missing">
      <p className="session-notice-title">No playable recording</p>
      <p>The recording file of this session is not in the library any more. Import it again to review it.</p>
    </div>
  );
}

function FailureText({ detail }: { detail: string | null | undefined }) {
  const reason = failureReason(detail);
  return (
    <div data-testid="failure-reason">
      <p>{reason.text}</p>
      {reason.detail ? (
        <details className="error-detail">
          <summary>Details</summary>
          <code>{reason.detail}</code>
        </details>
      ) : null}
    </div>
  );
}
