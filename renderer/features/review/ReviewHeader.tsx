/** Title, client, platform, recording time, duration and participants of the session under review. */
import { useEffect, useRef, useState } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { formatDateTime, formatDuration } from '../../lib/format.js';
import { EditSessionDialog } from '../library/EditSessionDialog.js';
import { PLATFORM_LABELS } from '../library/session-columns.js';
import { LocalCopyControl } from '../offload/LocalCopyControl.js';
import { CopyDownloadLink } from '../sync/CopyDownloadLink.js';

interface ReviewHeaderProps {
  session: Session | null;
  onBack(): void;
  /** The saved session after an edit (the live event also brings it). */
  onEdited?(session: Session): void;
}

export function ReviewHeader({ session, onBack, onEdited }: ReviewHeaderProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState(false);
  // Opening a review moves focus here (the row that had it is now hidden), so screen readers announce the title.
  useEffect(() => heading.current?.focus(), []);
  return (
    <header className="review-header">
      <button type="button" className="button" onClick={onBack} data-testid="back-to-library">
        ← Library
      </button>
      <div className="review-heading">
        <h2 ref={heading} tabIndex={-1} className="review-title" data-testid="review-title">
          {session?.title ?? 'Loading…'}
        </h2>
        {session ? (
          <p className="review-meta muted">
            <span>{session.client || 'No client'}</span>
            <span className={`platform-badge platform-${session.platform}`}>
              {PLATFORM_LABELS[session.platform] ?? session.platform}
            </span>
            <time dateTime={session.recorded_at}>{formatDateTime(session.recorded_at)}</time>
            <span aria-label="Duration">{formatDuration(session.duration)}</span>
          </p>
        ) : null}
        {session && session.participants.length > 0 ? (
          <ul className="participants" aria-label="Participants">
            {session.participants.map((p) => (
              <li key={`${p.name}-${p.role}`} className="participant">
                {p.name}
                {p.role && p.role !== 'participant' ? <span className="muted"> · {p.role}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {session && session.tags.length > 0 ? (
          <p className="muted small review-tags" data-testid="review-tags">
            Tags: {session.tags.join(', ')}
          </p>
        ) : null}
      </div>
      {session?.upload_state === 'synced' ? <CopyDownloadLink sessionId={session.id} /> : null}
      {session && !session.synthetic ? <LocalCopyControl session={session} /> : null}
      {session ? (
        <button type="button" className="button review-edit" onClick={() => setEditing(true)} data-testid="edit-review">
          Edit details
        </button>
      ) : null}
      {editing && session ? (
        <EditSessionDialog session={session} onClose={() => setEditing(false)} onSaved={onEdited} />
      ) : null}
    </header>
  );
}
