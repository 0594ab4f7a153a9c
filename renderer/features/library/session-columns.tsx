/**
 * The table's columns: what each shows and its width in the grid template (all rows share one template).
 * Display columns reading `row.original`: sorting is the server's, so accessors would add nothing.
 */
import { ClientCell, RowTags } from './RowFilterLinks.js';
import { createColumnHelper, type ColumnDef, type RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { SearchSnippet, Session } from '../../../shared/contract/index.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format.js';
import { reviewHash } from '../review/route.js';
import { UploadCell } from '../sync/UploadCell.js';
import { RowThumb } from './RowThumb.js';
import { SelectAllHeader, SelectCell } from './SelectCell.js';
import { analysisBadge, recordingBadge, transcriptBadge, type BadgeSpec } from './session-badges.js';
import { snippetWindow } from './snippet-window.js';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the augmentation must repeat TanStack's type parameters
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned, tabular figures. */
    numeric?: boolean;
  }
}

const col = createColumnHelper<Session>();

export const PLATFORM_LABELS: Record<Session['platform'], string> = {
  zoom: 'Zoom',
  teams: 'Teams',
  meet: 'Meet',
  local: 'Local',
  api: 'API',
};

function badge(spec: BadgeSpec, testId: string) {
  return (
    <StatusBadge tone={spec.tone} label={spec.label} detail={spec.detail} progress={spec.progress} testId={testId} />
  );
}

/** The coach's share of talk time as a whole percent; a dash before an analysis found speakers. */
function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

export const COLUMN_WIDTHS: Readonly<Record<string, string>> = {
  select: '36px',
  // 200 px of title plus the 48 px poster and its gap (RowThumb).
  title: 'minmax(248px, 2.4fr)',
  match: 'minmax(200px, 2fr)',
  client: 'minmax(130px, 1.2fr)',
  platform: '80px',
  recorded: '164px',
  duration: '80px',
  size: '80px',
  coachShare: '96px',
  status: '100px',
  upload: '164px',
  transcript: '96px',
  analysis: '120px',
  actions: '76px',
};

/** Where a search matched: the server's excerpt with its matched words marked (text nodes, never HTML). */
function SnippetCell({ session }: { session: Session }) {
  // List pages of a search carry `snippet` on each item (SessionPage); the table's rows are typed as Session.
  const snippet = (session as Session & { snippet?: SearchSnippet }).snippet;
  if (!snippet) return <span className="cell-ellipsis">—</span>;
  // Shown from a few words before the match, and laid out so the first matched word never shrinks: the context
  // either side gives way (ellipsis) in a narrow cell, the match stays whole.
  const shown = snippetWindow(snippet);
  const [first, ...rest] = shown.highlights;
  const where =
    snippet.field === 'transcript' && snippet.t !== null ? `transcript ${formatDuration(snippet.t)}` : snippet.field;
  return (
    <span className="snippet-cell" title={`${where}: ${snippet.text}`} data-testid="search-snippet">
      <span className="snippet-field">{where}: </span>
      {first ? (
        <>
          <span className="snippet-before">{shown.text.slice(0, first[0])}</span>
          <mark className="snippet-match">{shown.text.slice(first[0], first[1])}</mark>
          <span className="snippet-after">{marked(shown.text, rest, first[1])}</span>
        </>
      ) : (
        <span className="snippet-after">{shown.text}</span>
      )}
    </span>
  );
}

/** `text` from `from` on, with the given ranges wrapped in <mark> (text nodes, never HTML). */
function marked(text: string, ranges: readonly [number, number][], from: number): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = from;
  ranges.forEach(([start, end], i) => {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={i}>{text.slice(start, end)}</mark>);
    at = end;
  });
  parts.push(text.slice(at));
  return parts;
}

export function sessionColumns(
  onDelete: (session: Session) => void,
  onEdit: (session: Session) => void,
  searching = false,
): ColumnDef<Session, unknown>[] {
  const match: ColumnDef<Session, unknown>[] = searching
    ? [col.display({ id: 'match', header: 'Match', cell: (c) => <SnippetCell session={c.row.original} /> })]
    : [];
  return [
    col.display({
      id: 'select',
      header: () => <SelectAllHeader />,
      cell: (c) => <SelectCell id={c.row.original.id} title={c.row.original.title} />,
    }),
    col.display({
      id: 'title',
      header: 'Title',
      cell: (c) => (
        <span className="cell-title-wrap">
          <RowThumb session={c.row.original} />
          {c.row.original.synthetic ? (
            <span className="demo-tag" title="Demo session from filmroom seed: no recording">
              Demo
            </span>
          ) : null}
          <a
            className="cell-title"
            href={reviewHash(c.row.original.id)}
            title={`Review “${c.row.original.title}”`}
            data-testid="open-session"
          >
            {c.row.original.title}
          </a>
          <RowTags session={c.row.original} />
        </span>
      ),
    }),
    ...match,
    col.display({
      id: 'client',
      header: 'Client',
      cell: (c) => <ClientCell session={c.row.original} />,
    }),
    col.display({
      id: 'platform',
      header: 'Platform',
      cell: (c) => PLATFORM_LABELS[c.row.original.platform] ?? c.row.original.platform,
    }),
    col.display({
      id: 'recorded',
      header: 'Recorded',
      cell: (c) => <time dateTime={c.row.original.recorded_at}>{formatDateTime(c.row.original.recorded_at)}</time>,
    }),
    col.display({
      id: 'duration',
      header: 'Duration',
      cell: (c) => formatDuration(c.row.original.duration),
      meta: { numeric: true },
    }),
    col.display({ id: 'size', header: 'Size', cell: (c) => formatBytes(c.row.original.size), meta: { numeric: true } }),
    col.display({
      id: 'coachShare',
      header: 'Coach talk',
      cell: (c) => formatShare(c.row.original.coach_share),
      meta: { numeric: true },
    }),
    col.display({
      id: 'status',
      header: 'Recording',
      cell: (c) => badge(recordingBadge(c.row.original), 'badge-status'),
    }),
    col.display({ id: 'upload', header: 'Backup', cell: (c) => <UploadCell session={c.row.original} /> }),
    col.display({
      id: 'transcript',
      header: 'Transcript',
      cell: (c) => badge(transcriptBadge(c.row.original), 'badge-transcript'),
    }),
    col.display({
      id: 'analysis',
      header: 'Analysis',
      cell: (c) => badge(analysisBadge(c.row.original), 'badge-analysis'),
    }),
    col.display({
      id: 'actions',
      header: () => <span className="visually-hidden">Actions</span>,
      cell: (c) => (
        <span className="row-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Edit ${c.row.original.title}`}
            title="Edit title, client, participants, tags"
            data-testid="edit-session"
            onClick={() => onEdit(c.row.original)}
          >
            <PencilIcon />
          </button>
          <button
            type="button"
            className="icon-button danger"
            aria-label={`Delete ${c.row.original.title}`}
            title="Delete session"
            data-testid="delete-session"
            onClick={() => onDelete(c.row.original)}
          >
            <TrashIcon />
          </button>
        </span>
      ),
    }),
  ];
}

function TrashIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M6 2h4l.5 1H13v1.5H3V3h2.5L6 2Zm-2 3.5h8l-.6 8.1a1 1 0 0 1-1 .9H5.6a1 1 0 0 1-1-.9L4 5.5Z"
        fill="currentColor"
      />
    </svg>
  );
}

function PencilIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M11.3 2.3a1 1 0 0 1 1.4 0l1 1a1 1 0 0 1 0 1.4L6 12.4 3 13l.6-3 7.7-7.7Z" fill="currentColor" />
    </svg>
  );
}
