/** One card of the grid (poster frame, title, client, date, duration, status), and the card of a row not fetched yet. */
import { memo } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { failureReason } from '../../lib/failure-reason.js';
import { formatDateTime, formatDuration } from '../../lib/format.js';
import { openSession } from '../review/route.js';
import { recordingBadge } from './session-badges.js';
import { SelectCell } from './SelectCell.js';

export interface SessionCardProps {
  session: Session;
  poster: string | null;
  selected: boolean;
  tabIndex: number;
  onFocus(): void;
  onSelect(shiftKey: boolean): void;
}

export function SessionCard({ session, poster, selected, tabIndex, onFocus, onSelect }: SessionCardProps) {
  const badge = recordingBadge(session);
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      aria-label={session.title}
      className={`grid-card${selected ? ' is-selected' : ''}`}
      data-testid="session-card"
      data-session-id={session.id}
      tabIndex={tabIndex}
      onFocus={onFocus}
      onMouseDown={(event) => {
        if (event.shiftKey) event.preventDefault(); // a range click, not a text selection
      }}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest('input')) return;
        if (event.shiftKey || event.ctrlKey || event.metaKey) onSelect(event.shiftKey);
        else openSession(session.id);
      }}
    >
      <div className="grid-thumb">
        {poster ? (
          <img src={poster} alt="" loading="lazy" data-testid="card-poster" />
        ) : (
          <span
            className="grid-thumb-empty"
            data-testid="card-placeholder"
            title={session.status === 'failed' ? (session.status_detail ?? undefined) : undefined}
          >
            {session.synthetic
              ? 'Demo: no recording'
              : session.status === 'failed'
                ? `Failed: ${failureReason(session.status_detail).text}`
                : session.analysis_status === 'ready'
                  ? 'No picture'
                  : 'No preview yet'}
          </span>
        )}
        <SelectCell id={session.id} title={session.title} inCard />
        <span className="grid-duration">{formatDuration(session.duration)}</span>
      </div>
      <div className="grid-meta">
        <span className="grid-title" title={session.title}>
          {session.synthetic ? <span className="demo-tag">Demo</span> : null}
          {session.title}
        </span>
        <span className="grid-sub muted">
          {session.client || 'No client'} ·{' '}
          <time dateTime={session.recorded_at}>{formatDateTime(session.recorded_at)}</time>
        </span>
        <StatusBadge
          tone={badge.tone}
          label={badge.label}
          detail={badge.detail}
          progress={badge.progress}
          testId="badge-status"
        />
      </div>
    </div>
  );
}

/** A card whose window is still being fetched: the card's frame, painted at once. */
export const PlaceholderCard = memo(function PlaceholderCard() {
  return (
    <div role="gridcell" aria-busy="true" className="grid-card grid-card-placeholder" data-testid="card-skeleton">
      <div className="grid-thumb" />
      <div className="grid-meta">
        <span className="visually-hidden">Loading…</span>
      </div>
    </div>
  );
});
