/**
 * Shown while sessions are selected: how many, and what can be done to all of them at once: move to the trash
 * (asks first), analyze again, export them as CSV, back them up to S3. Each action reports what it did and, per
 * session, what it could not do. Once every loaded row is ticked it offers "Select all N matching" (the whole
 * filtered set); actions on that page through the list first. Long runs show their progress and can be cancelled.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { SESSION_CSV_HEADER, toCsvRow } from '../../../shared/contract/session-csv.js';
import { useLibrary, useSelection, useServices } from '../../app/services.js';
import { isNotFound } from '../../lib/error-message.js';
import { plural } from '../../lib/format.js';
import { runEach, type EachOutcome } from '../../lib/run-each.js';
import { loadedCount, loadedRows } from '../../stores/list-windows.js';
import { toast } from '../../stores/toast-store.js';
import { useS3Status } from '../sync/use-s3-status.js';
import { Cancelled, collectMatching, matchingCount } from './all-matching.js';
import { DeleteAllMatchingDialog } from './DeleteAllMatchingDialog.js';
import { downloadCsv, exportCsv } from './export-csv.js';

interface SelectionBarProps {
  /** Opens the trash confirmation for these sessions. */
  onDelete(sessions: Session[]): void;
  /** Opens the uploads panel, where backups show their progress. */
  onUploads(): void;
}

/**
 * The selected sessions: the loaded ones in list order, then those a shift-click range fetched where the table was
 * never scrolled to (the selection only holds rows of the list).
 */
export function useSelectedSessions(): Session[] {
  const ids = useSelection((s) => s.ids);
  const fetched = useSelection((s) => s.fetched);
  const rows = useLibrary((s) => s.rows);
  const windows = useLibrary((s) => s.windows);
  return useMemo(() => {
    if (ids.size === 0) return [];
    const loaded = loadedRows(rows, windows).filter((r) => ids.has(r.id));
    const seen = new Set(loaded.map((r) => r.id));
    return [...loaded, ...[...fetched.values()].filter((r) => ids.has(r.id) && !seen.has(r.id))];
  }, [ids, fetched, rows, windows]);
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
  const { transport, selection, library, stats } = useServices();
  const sessions = useSelectedSessions();
  const allMatching = useSelection((s) => s.allMatching);
  const fetchingRange = useSelection((s) => s.fetching);
  const total = useLibrary((s) => s.total);
  const lowerBound = useLibrary((s) => s.totalIsLowerBound);
  // Rows loaded anywhere in the list (from the top, and the windows where the table was scrolled to).
  const loaded = useLibrary((s) => loadedCount(s.rows, s.windows));
  const hasMore = useLibrary((s) => s.nextCursor !== null);
  const s3 = useS3Status();
  const [working, setWorking] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const [abort, setAbort] = useState<AbortController | null>(null);
  // A filter change (or Clear) ends a selection over all matching: a run over it stops taking new sessions.
  useEffect(
    () =>
      selection.subscribe((now, before) => {
        if (before.allMatching !== null && now.allMatching === null) abort?.abort();
      }),
    [selection, abort],
  );
  if (sessions.length === 0 && allMatching === null) return null;

  const count = allMatching ? matchingCount(total, lowerBound, allMatching.excluded.size) : null;

  /** The sessions an action acts on: the ticked rows, or every matching one (paged in, with progress). */
  const targets = async (signal: AbortSignal): Promise<Session[]> => {
    if (!allMatching) return sessions;
    setWorking('Finding the matching sessions…');
    return collectMatching(transport.client, library.getState().filters, allMatching.excluded, {
      signal,
      onProgress: (n, all) =>
        setWorking(`Finding the matching sessions ${n.toLocaleString()} of ${all.toLocaleString()}…`),
    });
  };

  /** Null when cancelled before anything ran. */
  const run = async <R,>(label: string, each: (s: Session) => Promise<R>): Promise<EachOutcome<Session, R> | null> => {
    const controller = new AbortController();
    setAbort(controller);
    try {
      const items = await targets(controller.signal);
      setWorking(`${label} 0 of ${items.length.toLocaleString()}…`);
      const outcome = await runEach(items, each, {
        signal: controller.signal,
        onProgress: (done, all) => setWorking(`${label} ${done.toLocaleString()} of ${all.toLocaleString()}…`),
      });
      if (controller.signal.aborted) {
        toast.info(`Cancelled after ${plural(outcome.done.length + outcome.failed.length, 'session')}`);
      }
      return outcome;
    } catch (error) {
      if (error instanceof Cancelled) return null;
      toast.error(error instanceof Error ? error.message : String(error));
      return null;
    } finally {
      setAbort(null);
      setWorking(null);
    }
  };

  const reanalyze = async () => {
    const outcome = await run('Queuing analysis', (s) => transport.client.analysis.analyze({ id: s.id }));
    if (outcome) report(outcome, (n) => `Analysis queued for ${plural(n, 'session')}`);
  };

  const backUp = async () => {
    const outcome = await run('Queuing backups', (s) => transport.client.uploads.syncSession({ id: s.id }));
    if (!outcome) return;
    const queued = outcome.done.filter((d) => d.result.upload_id !== null).length;
    const already = outcome.done.length - queued;
    report(outcome, () =>
      [queued ? `Backing up ${plural(queued, 'session')}` : '', already ? `${already} already backed up` : '']
        .filter(Boolean)
        .join('; '),
    );
    if (queued > 0) onUploads();
  };

  const exportSelection = async () => {
    // All matching with nothing unticked is exactly the server's export of the current filters.
    if (allMatching && allMatching.excluded.size === 0) {
      setWorking('Exporting…');
      try {
        await exportCsv(transport.client, library.getState().filters);
        toast.success(`Exported ${count ?? ''} matching sessions as CSV`);
      } catch (error) {
        toast.error(error instanceof Error ? error.message : String(error));
      } finally {
        setWorking(null);
      }
      return;
    }
    const controller = new AbortController();
    setAbort(controller);
    try {
      const items = await targets(controller.signal);
      downloadCsv(SESSION_CSV_HEADER + items.map(toCsvRow).join(''), 'filmroom-selected');
      toast.success(`Exported ${plural(items.length, 'session')} as CSV`);
    } catch (error) {
      if (!(error instanceof Cancelled)) toast.error(error instanceof Error ? error.message : String(error));
    } finally {
      setAbort(null);
      setWorking(null);
    }
  };

  const trashAllMatching = async () => {
    setConfirmAll(false);
    const outcome = await run('Moving to the trash', (s) =>
      transport.client.sessions.remove({ id: s.id, trash: true }).catch((error: unknown) => {
        // Already gone (deleted elsewhere) is what the coach wanted.
        if (isNotFound(error)) return null;
        throw error;
      }),
    );
    selection.getState().clear();
    void library.getState().reload();
    void stats.getState().refresh();
    if (outcome) report(outcome, (n) => `Moved ${plural(n, 'session')} to the trash`);
  };

  const s3Reason =
    s3 === 'unconfigured'
      ? 'S3 is not configured: set it up in “S3 backup…” first'
      : s3 === 'checking'
        ? 'Checking the S3 settings…'
        : undefined;
  // A shift-click range reaching unloaded rows: they are being fetched, and an action now would miss them.
  const busy = working !== null || fetchingRange;

  return (
    <div className="selection-bar" role="region" aria-label="Selection" data-testid="selection-bar">
      <strong data-testid="selection-count">
        {count !== null ? `All ${count} matching selected` : `${sessions.length.toLocaleString()} selected`}
      </strong>
      {count === null ? <span className="muted small">of {matchingCount(total, lowerBound, 0)}</span> : null}
      {fetchingRange ? (
        <span className="muted small" role="status" data-testid="range-fetching">
          Finding the rest of the range…
        </span>
      ) : null}
      {count === null && !busy && sessions.length === loaded && (hasMore || total > loaded) ? (
        <button
          type="button"
          className="link-button"
          onClick={() => selection.getState().selectAllMatching()}
          data-testid="select-all-matching"
        >
          Select all {matchingCount(total, lowerBound, 0)} matching
        </button>
      ) : null}
      {working ? (
        <>
          <span className="muted small" role="status" data-testid="selection-working">
            {working}
          </span>
          <button
            type="button"
            className="button"
            onClick={() => abort?.abort()}
            disabled={abort === null}
            data-testid="cancel-bulk"
          >
            Cancel
          </button>
        </>
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
        onClick={() => void exportSelection()}
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
        onClick={() => (allMatching ? setConfirmAll(true) : onDelete(sessions))}
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
      {confirmAll && count !== null ? (
        <DeleteAllMatchingDialog
          count={count}
          onClose={() => setConfirmAll(false)}
          onConfirm={() => void trashAllMatching()}
        />
      ) : null}
    </div>
  );
}
