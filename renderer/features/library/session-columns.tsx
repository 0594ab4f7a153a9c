/**
 * The table's columns: what each shows and its width in the grid template (all rows share one template).
 * Display columns reading `row.original`: sorting is the server's, so accessors would add nothing.
 */
import { createColumnHelper, type ColumnDef, type RowData } from '@tanstack/react-table';
import type { Session } from '../../../shared/contract/index.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format.js';
import { reviewHash } from '../review/route.js';
import { UploadCell } from '../sync/UploadCell.js';
import { analysisBadge, recordingBadge, transcriptBadge, type BadgeSpec } from './session-badges.js';

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

export const COLUMN_WIDTHS: Readonly<Record<string, string>> = {
  title: 'minmax(220px, 2.4fr)',
  client: 'minmax(130px, 1.2fr)',
  platform: '80px',
  recorded: '176px',
  duration: '80px',
  size: '80px',
  status: '108px',
  upload: '150px',
  transcript: '96px',
  analysis: '132px',
  actions: '52px',
};

export function sessionColumns(onDelete: (session: Session) => void): ColumnDef<Session, unknown>[] {
  return [
    col.display({
      id: 'title',
      header: 'Title',
      cell: (c) => (
        <a
          className="cell-title"
          href={reviewHash(c.row.original.id)}
          title={`Review “${c.row.original.title}”`}
          data-testid="open-session"
        >
          {c.row.original.title}
        </a>
      ),
    }),
    col.display({
      id: 'client',
      header: 'Client',
      cell: (c) => <span className="cell-ellipsis">{c.row.original.client || '—'}</span>,
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
      id: 'status',
      header: 'Recording',
      cell: (c) => badge(recordingBadge(c.row.original), 'badge-status'),
    }),
    col.display({ id: 'upload', header: 'Upload', cell: (c) => <UploadCell session={c.row.original} /> }),
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
