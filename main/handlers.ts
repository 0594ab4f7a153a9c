/** The main-side implementation of every catalogue operation: thin calls into the services. */
import type { FilmroomHandlers } from '../shared/contract/index.js';
import type { RequestContext } from './api/context.js';
import type { BulkDelete } from './cleanup/bulk-delete.js';
import type { DeletionService } from './cleanup/deletion-service.js';
import type { ImportService } from './library/import/import-service.js';
import type { LibraryService } from './library/library-service.js';
import type { SessionsRepository } from './library/sessions/sessions-repository.js';
import { scopedCoach } from './platform/actor.js';
import { APP_VERSION } from './platform/version.js';

export interface HandlerServices {
  sessions: SessionsRepository;
  library: LibraryService;
  imports: ImportService;
  deletion: DeletionService;
  bulkDelete: BulkDelete;
  libraryDir: string;
}

export function createHandlers(s: HandlerServices): FilmroomHandlers<RequestContext> {
  return {
    system: {
      health: () => ({ status: 'ok' as const, version: APP_VERSION, sessions: s.sessions.countAll() }),
      stats: (_input, { actor }) => {
        const byStatus = s.sessions.totalsByStatus(scopedCoach(actor));
        const totals = Object.values(byStatus).reduce((a, b) => ({ sessions: a.sessions + b.sessions, bytes: a.bytes + b.bytes }), {
          sessions: 0,
          bytes: 0,
        });
        return { ...totals, by_status: byStatus, library_dir: actor.role === 'admin' ? s.libraryDir : null };
      },
    },
    sessions: {
      list: (input, { actor }) => s.library.list(actor, input),
      exportCsv: (input, { actor }) => [...s.library.csv(actor, input)].join(''),
      bulkDelete: (input, { actor }) => s.bulkDelete.run(actor, input),
      import: (input, { actor }) => s.imports.importPath(actor, input),
      get: (input, { actor }) => s.library.get(actor, input.id),
      update: (input, { actor }) => s.library.update(actor, input),
      remove: async (input, { actor }) => {
        s.library.visibleRow(actor, input.id);
        await s.deletion.deleteMany([input.id], actor, 'deleted by request');
        return null;
      },
    },
  };
}
