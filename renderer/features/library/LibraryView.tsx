/** The library screen: toolbar, table (or empty state), and the dialogs it opens. */
import { useCallback, useEffect, useState } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { useLibrary, useServices } from '../../app/services.js';
import { plural } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';
import { CleanupDialog } from '../cleanup/CleanupDialog.js';
import { FILES_DROPPED, type FilesDroppedEvent } from '../import/DropZone.js';
import { ImportDialog } from '../import/ImportDialog.js';
import { MaintenanceDialog } from '../maintenance/MaintenanceDialog.js';
import { SettingsDialog } from '../settings/SettingsDialog.js';
import { S3SettingsDialog } from '../sync/S3SettingsDialog.js';
import { UploadsDialog } from '../sync/UploadsDialog.js';
import { BulkDeleteDialog } from './BulkDeleteDialog.js';
import { DeleteSessionDialog } from './DeleteSessionDialog.js';
import { EditSessionDialog } from './EditSessionDialog.js';
import { EmptyState, LoadErrorBar } from './LibraryMessages.js';
import { SelectionBar } from './SelectionBar.js';
import { SessionGrid } from './SessionGrid.js';
import { SessionTable } from './SessionTable.js';
import { useGroupBy } from './group-by.js';
import { Toolbar } from './Toolbar.js';
import { useSelectionKeys } from './use-selection-keys.js';
import { useViewMode } from './view-mode.js';

type OpenDialog =
  | { kind: 'none' }
  | { kind: 'delete'; session: Session }
  | { kind: 'bulk-delete'; sessions: Session[] }
  | { kind: 'edit'; session: Session }
  | { kind: 'cleanup' }
  | { kind: 'import'; files?: File[]; drop?: number }
  | { kind: 'settings' }
  | { kind: 'maintenance' }
  | { kind: 's3' }
  | { kind: 'uploads' };

export function LibraryView({ hidden = false }: { hidden?: boolean }) {
  const { library, stats, selection } = useServices();
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

  const confirmDelete = (session: Session) => {
    close();
    library
      .getState()
      .deleteSession(session.id)
      .then(() => toast.success(`Moved “${session.title}” to the trash`))
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
        if (moved > 0) toast.success(`Moved ${plural(moved, 'session')} to the trash`);
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
    <main className="library" aria-busy={loading} hidden={hidden}>
      <Toolbar
        onImport={openImport}
        onCleanup={() => setDialog({ kind: 'cleanup' })}
        onSettings={() => setDialog({ kind: 'settings' })}
        onMaintenance={() => setDialog({ kind: 'maintenance' })}
        onS3Settings={() => setDialog({ kind: 's3' })}
        onUploads={() => setDialog({ kind: 'uploads' })}
        view={view}
        onView={setView}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
      />
      <SelectionBar
        onDelete={(sessions) => setDialog({ kind: 'bulk-delete', sessions })}
        onUploads={() => setDialog({ kind: 'uploads' })}
      />
      <LoadErrorBar />
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
      {dialog.kind === 'cleanup' ? <CleanupDialog onClose={close} /> : null}
      {dialog.kind === 'import' ? <ImportDialog key={dialog.drop ?? 0} onClose={close} files={dialog.files} /> : null}
      {dialog.kind === 'settings' ? <SettingsDialog onClose={close} /> : null}
      {dialog.kind === 'maintenance' ? <MaintenanceDialog onClose={close} /> : null}
      {dialog.kind === 's3' ? <S3SettingsDialog onClose={close} /> : null}
      {dialog.kind === 'uploads' ? <UploadsDialog onClose={close} /> : null}
    </main>
  );
}
