/** The library screen: toolbar, table (or empty state), and the dialogs it opens. */
import { useCallback, useEffect, useState } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { useLibrary, useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { plural } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';
import { FILES_DROPPED, type FilesDroppedEvent } from '../import/DropZone.js';
import { ImportDialog } from '../import/ImportDialog.js';
import { openPlace } from '../review/route.js';
import { BulkDeleteDialog } from './BulkDeleteDialog.js';
import { DeleteSessionDialog } from './DeleteSessionDialog.js';
import { EditSessionDialog } from './EditSessionDialog.js';
import { FilterChips } from './FilterChips.js';
import { EmptyState, LoadErrorBar } from './LibraryMessages.js';
import { RestoreStatus } from '../restore/RestoreStatus.js';
import { SelectionBar } from './SelectionBar.js';
import { SessionGrid } from './SessionGrid.js';
import { SessionTable } from './SessionTable.js';
import { useGroupBy } from './group-by.js';
import { Toolbar, ViewControls } from './Toolbar.js';
import { useSelectionKeys } from './use-selection-keys.js';
import { useViewMode } from './view-mode.js';

type OpenDialog =
  | { kind: 'none' }
  | { kind: 'delete'; session: Session }
  | { kind: 'bulk-delete'; sessions: Session[] }
  | { kind: 'edit'; session: Session }
  | { kind: 'import'; files?: File[]; drop?: number };

export function LibraryView({ hidden = false }: { hidden?: boolean }) {
  const { library, stats, selection, transport } = useServices();
  const [dialog, setDialog] = useState<OpenDialog>({ kind: 'none' });
  const [view, setView] = useViewMode();
  const [groupBy, setGroupBy] = useGroupBy();
  useSelectionKeys(selection);
  const loading = useLibrary((s) => s.loading);
  const empty = useLibrary((s) => s.rows.length === 0 && s.nextCursor === null);
  const hasError = useLibrary((s) => s.error !== null);

  useEffect(() => {
    void library.getState().reload();
  }, [library]);

  // Files dropped on the window open the import dialog with them, grouped, ready to confirm.
  useEffect(() => {
    let drops = 0;
    const onDrop = (e: Event) =>
      setDialog({ kind: 'import', files: (e as FilesDroppedEvent).detail.files, drop: ++drops });
    window.addEventListener(FILES_DROPPED, onDrop);
    return () => window.removeEventListener(FILES_DROPPED, onDrop);
  }, []);

  const close = useCallback(() => setDialog({ kind: 'none' }), []);
  const openImport = useCallback(() => setDialog({ kind: 'import' }), []);
  const askDelete = useCallback((session: Session) => setDialog({ kind: 'delete', session }), []);
  const edit = useCallback((session: Session) => setDialog({ kind: 'edit', session }), []);

  // Undo brings the sessions back from the trash with their former status (the same as Restore in the trash).
  const undoFor = (ids: readonly string[]) => ({
    label: 'Undo',
    run: () => {
      Promise.all(ids.map((id) => transport.client.trash.restore({ id })))
        .then(() =>
          toast.info(ids.length === 1 ? 'Restored from the trash' : `Restored ${plural(ids.length, 'session')}`),
        )
        .catch((error: unknown) => toast.error(`Could not undo: ${errorMessage(error)}`))
        .finally(() => {
          void library.getState().reload();
          stats.getState().refresh();
        });
    },
  });

  const confirmDelete = (session: Session) => {
    close();
    library
      .getState()
      .deleteSession(session.id)
      .then(() => toast.success(`Moved “${session.title}” to the trash`, undoFor([session.id])))
      .catch((error: unknown) => toast.error(error instanceof Error ? error.message : String(error)))
      .finally(() => stats.getState().refresh());
  };

  const confirmBulkDelete = (sessions: Session[]) => {
    close();
    library
      .getState()
      .deleteSessions(sessions.map((s) => s.id))
      .then((failed) => {
        const moved = sessions.length - failed.length;
        const refused = new Set(failed.map((f) => f.item.id));
        const movedIds = sessions.map((s) => s.id).filter((id) => !refused.has(id));
        if (moved > 0) toast.success(`Moved ${plural(moved, 'session')} to the trash`, undoFor(movedIds));
        const [first] = failed;
        if (first) {
          toast.error(
            `Could not delete ${plural(failed.length, 'session')}: “${first.item.title}”: ${first.error}` +
              (failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''),
          );
        }
      })
      .finally(() => stats.getState().refresh());
  };

  return (
    <main className="library" aria-label="Library" aria-busy={loading} hidden={hidden} id="session-list">
      <Toolbar onImport={openImport} />
      <SelectionBar
        onDelete={(sessions) => setDialog({ kind: 'bulk-delete', sessions })}
        onUploads={() => openPlace('uploads')}
      />
      <FilterChips>
        <ViewControls view={view} onView={setView} groupBy={groupBy} onGroupBy={setGroupBy} />
      </FilterChips>
      <LoadErrorBar />
      <RestoreStatus />
      {empty && !loading && !hasError ? (
        <EmptyState onImport={openImport} />
      ) : view === 'grid' ? (
        <SessionGrid onDelete={askDelete} groupBy={groupBy} />
      ) : (
        <SessionTable onDelete={askDelete} onEdit={edit} />
      )}
      {dialog.kind === 'delete' ? (
        <DeleteSessionDialog session={dialog.session} onClose={close} onConfirm={() => confirmDelete(dialog.session)} />
      ) : null}
      {dialog.kind === 'bulk-delete' ? (
        <BulkDeleteDialog
          sessions={dialog.sessions}
          onClose={close}
          onConfirm={() => confirmBulkDelete(dialog.sessions)}
        />
      ) : null}
      {dialog.kind === 'edit' ? <EditSessionDialog session={dialog.session} onClose={close} /> : null}
      {dialog.kind === 'import' ? <ImportDialog key={dialog.drop ?? 0} onClose={close} files={dialog.files} /> : null}
    </main>
  );
}
