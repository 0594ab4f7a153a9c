/**
 * Shown while sessions are selected: how many, and what can be done to all of them at once: move to the trash
 * (asks first), analyze again, export them as CSV, back them up to S3. Each action reports what it did and, per
 * session, what it could not do.
 */
import { useState } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { SESSION_CSV_HEADER, toCsvRow } from '../../../shared/contract/session-csv.js';
import { useLibrary, useSelection, useServices } from '../../app/services.js';
import { plural } from '../../lib/format.js';
import { runEach, type EachOutcome } from '../../lib/run-each.js';
import { toast } from '../../stores/toast-store.js';
import { useS3Status } from '../sync/use-s3-status.js';
import { downloadCsv } from './export-csv.js';

interface SelectionBarProps {
  /** Opens the trash confirmation for these sessions. */
  onDelete(sessions: Session[]): void;
  /** Opens the uploads panel, where backups show their progress. */
  onUploads(): void;
}

/** The selected sessions in list order (the selection only holds rows that are shown). */
export function useSelectedSessions(): Session[] {
  const ids = useSelection((s) => s.ids);
  const rows = useLibrary((s) => s.rows);
  return ids.size === 0 ? [] : rows.filter((r) => ids.has(r.id));
}

/** "Done for 3 sessions; 1 could not: <reason> (“Title”)". */
function report<R>(outcome: EachOutcome<Session, R>, did: (n: number) => string): void {
  if (outcome.done.length > 0) toast.success(did(outcome.done.length));
  const [first] = outcome.failed;
  if (first) {
    const more = outcome.failed.length > 1 ? ` (and ${outcome.failed.length - 1} more)` : '';
    toast.error(`${plural(outcome.failed.length, 'session')} could not: “${first.item.title}”: ${first.error}${more}`);
  }
}

export function SelectionBar({ onDelete, onUploads }: SelectionBarProps) {
  const { transport, selection } = useServices();
  const sessions = useSelectedSessions();
  const total = useLibrary((s) => s.total);
  const s3 = useS3Status();
  const [working, setWorking] = useState<string | null>(null);
  if (sessions.length === 0) return null;

  const run = async <R,>(label: string, each: (s: Session) => Promise<R>): Promise<EachOutcome<Session, R>> => {
    setWorking(`${label} 0 of ${sessions.length}…`);
    try {
      return await runEach(sessions, each, {
        onProgress: (done, all) => setWorking(`${label} ${done} of ${all}…`),
      });
    } finally {
      setWorking(null);
    }
  };

  const reanalyze = async () => {
    const outcome = await run('Queuing analysis', (s) => transport.client.analysis.analyze({ id: s.id }));
    report(outcome, (n) => `Analysis queued for ${plural(n, 'session')}`);
  };

  const backUp = async () => {
    const outcome = await run('Queuing backups', (s) => transport.client.uploads.syncSession({ id: s.id }));
    const queued = outcome.done.filter((d) => d.result.upload_id !== null).length;
    const already = outcome.done.length - queued;
    report(outcome, () =>
      [queued ? `Backing up ${plural(queued, 'session')}` : '', already ? `${already} already backed up` : '']
        .filter(Boolean)
        .join('; '),
    );
    if (queued > 0) onUploads();
  };

  const exportSelection = () => {
    downloadCsv(SESSION_CSV_HEADER + sessions.map(toCsvRow).join(''), 'filmroom-selected');
    toast.success(`Exported ${plural(sessions.length, 'session')} as CSV`);
  };

  const s3Reason =
    s3 === 'unconfigured'
      ? 'S3 is not configured: set it up in “S3 backup…” first'
      : s3 === 'checking'
        ? 'Checking the S3 settings…'
        : undefined;
  const busy = working !== null;

  return (
    <div className="selection-bar" role="region" aria-label="Selection" data-testid="selection-bar">
      <strong data-testid="selection-count">{sessions.length.toLocaleString()} selected</strong>
      <span className="muted small">of {total.toLocaleString()}</span>
      {working ? (
        <span className="muted small" role="status" data-testid="selection-working">
          {working}
        </span>
      ) : null}
      <span className="toolbar-spacer" />
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void reanalyze()}
        title="Analyze the selected recordings again"
        data-testid="bulk-analyze"
      >
        Re-analyze
      </button>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={exportSelection}
        title="The selected sessions as a CSV file"
        data-testid="bulk-export"
      >
        Export CSV
      </button>
      <button
        type="button"
        className="button"
        // aria-disabled, not disabled: the button stays focusable and hoverable, so the reason is found.
        aria-disabled={busy || s3Reason !== undefined}
        onClick={() => {
          if (!busy && s3Reason === undefined) void backUp();
        }}
        title={s3Reason ?? 'Back up the selected sessions to S3'}
        data-testid="bulk-backup"
      >
        Back up selected
      </button>
      <button
        type="button"
        className="button danger"
        disabled={busy}
        onClick={() => onDelete(sessions)}
        data-testid="bulk-delete"
      >
        Move to trash…
      </button>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => selection.getState().clear()}
        data-testid="clear-selection"
      >
        Clear selection
      </button>
    </div>
  );
}
