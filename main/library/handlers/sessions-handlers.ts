/** The `sessions` namespace: thin calls into the library's services (which check access). */
import type { FilmroomHandlers } from '../../../shared/contract/index.js';
import type { Actor } from '../../platform/actor.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { BulkDelete } from '../deletion/bulk-delete.js';
import type { DeletionService } from '../deletion/deletion-service.js';
import type { ImportService } from '../import/import-service.js';
import type { FolderImportJobs } from '../import/folder-import-job.js';
import type { LibraryService } from '../library-service.js';

/** Where a delete with `trash: true` goes instead of the immediate delete. */
export interface TrashBin {
  moveToTrash(actor: Actor, sessionId: string): Promise<unknown>;
}

export function sessionsHandlers(s: {
  library: LibraryService;
  imports: ImportService;
  folderJobs: FolderImportJobs;
  deletion: DeletionService;
  bulkDelete: BulkDelete;
  /** DELETE /sessions/{id}?trash=true: the trash (the cleanup module's, above the library, handed in by the root). */
  trash: TrashBin;
}): FilmroomHandlers<RequestContext>['sessions'] {
  return {
    list: (input, { actor }) => s.library.list(actor, input),
    months: (input, { actor }) => s.library.months(actor, input),
    exportCsv: (input, { actor }) => Buffer.concat([...s.library.csv(actor, input)]).toString('utf8'),
    bulkDelete: (input, { actor }) => s.bulkDelete.run(actor, input),
    import: (input, { actor }) => s.imports.importPath(actor, input),
    importJob: (input, { actor }) => s.folderJobs.status(actor, input.job_id),
    cancelImportJob: (input, { actor }) => s.folderJobs.cancel(actor, input.job_id),
    previewImport: (input, { actor }) => s.imports.previewForCaller(actor, input.path),
    get: (input, { actor }) => s.library.get(actor, input.id),
    update: (input, { actor }) => s.library.update(actor, input),
    remove: async (input, { actor }) => {
      if (input.trash) await s.trash.moveToTrash(actor, input.id);
      else await s.deletion.deleteVisible(actor, input.id);
      return null;
    },
  };
}
