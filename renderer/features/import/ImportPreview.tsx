/** What a path would import, before confirming: meetings as recognised (title/client editable for one) and refusals. */
import type { ImportPreview as Preview } from '../../../shared/contract/index.js';
import { formatDateTime } from '../../lib/format.js';
import { PLATFORM_LABELS } from '../library/session-columns.js';
import { fileKindWords, fileName } from './import-wording.js';

export interface MeetingEdits {
  title: string;
  client: string;
}

interface ImportPreviewProps {
  preview: Preview;
  edits: MeetingEdits;
  onEdit(edits: MeetingEdits): void;
}

export function ImportPreview({ preview, edits, onEdit }: ImportPreviewProps) {
  const single = preview.meetings.length === 1;
  const unreadable = preview.meetings.filter((m) => m.unreadable).length;
  return (
    <div className="import-preview" data-testid="import-preview">
      {preview.meetings.length === 0 ? (
        <p className="error-text" data-testid="preview-nothing">
          No recordings found here: nothing to import. Choose a video or audio file, or a meeting folder.
        </p>
      ) : unreadable === preview.meetings.length ? (
        <p className="error-text" data-testid="preview-unreadable-summary">
          {single
            ? 'Filmroom cannot read this recording. Importing it keeps a failed session with the reason.'
            : `None of these ${preview.meetings.length} recordings can be read.`}
        </p>
      ) : (
        <p className="muted small">
          {single ? 'One meeting found:' : `${preview.meetings.length} meetings found, each a session:`}
          {unreadable > 0 ? ` ${unreadable} of them cannot be read (marked below).` : ''}
        </p>
      )}
      <ul className="meeting-list">
        {preview.meetings.map((m, i) => (
          <li key={`${m.title}-${m.recorded_at}-${i}`} className="meeting" data-testid="preview-meeting">
            <div className="meeting-head">
              <span className={`platform-badge platform-${m.platform}`} data-testid="preview-platform">
                {PLATFORM_LABELS[m.platform] ?? m.platform}
              </span>
              <strong className="meeting-title">{m.title}</strong>
              <time className="muted small" dateTime={m.recorded_at}>
                {formatDateTime(m.recorded_at)}
              </time>
            </div>
            {m.participants.length > 0 ? (
              <p className="small">With {m.participants.map((p) => p.name).join(', ')}</p>
            ) : null}
            <p className="muted small meeting-files">
              {m.files
                .map((f) => `${f.name} (${f.path === m.unreadable?.path ? 'unreadable' : fileKindWords(f.kind)})`)
                .join(' · ')}
            </p>
            {m.unreadable ? (
              <div className="meeting-unreadable" data-testid="preview-unreadable">
                <p className="error-text small">{m.unreadable.message}</p>
                <details className="error-detail small">
                  <summary>Details</summary>
                  <code>{m.unreadable.detail}</code>
                </details>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {single ? (
        <div className="meeting-edits">
          <label className="form-row">
            <span>Title</span>
            <input
              type="text"
              value={edits.title}
              onChange={(e) => onEdit({ ...edits, title: e.target.value })}
              maxLength={300}
              data-testid="preview-title"
            />
          </label>
          <label className="form-row">
            <span>Client</span>
            <input
              type="text"
              value={edits.client}
              onChange={(e) => onEdit({ ...edits, client: e.target.value })}
              maxLength={200}
              placeholder="Who was coached"
              data-testid="preview-client"
            />
          </label>
        </div>
      ) : null}
      {preview.refused.length > 0 ? (
        <>
          <p className="small">Will not be imported:</p>
          <ul className="refused-list small" data-testid="preview-refused">
            {preview.refused.map((r) => (
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
