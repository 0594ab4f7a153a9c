/**
 * The library's rows and the service that reads them with access checks: what analysis needs from the library,
 * built before analysis so that the library's importers can be handed analysis's "queue new imports" as a plain
 * call (the composition root builds these, then analysis, then the rest of the library module).
 */
import type { LibraryDb, WorkDb } from '../db/index.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { LibraryLayout } from '../storage/index.js';
import { AnalysesRepository } from './analyses-repository.js';
import { AuditLog } from './audit-log-repository.js';
import { StorageDebtsRepository } from './deletion/storage-debts-repository.js';
import { FileReferencesRepository } from './files/file-references-repository.js';
import { LibraryService } from './library-service.js';
import { MarkersRepository } from './markers-repository.js';
import type { OffloadStates } from './sessions/session-files-repository.js';
import { SessionsRepository } from './sessions/sessions-repository.js';
import { TitleUpkeep } from './sessions/title-upkeep.js';
import { SpeakerEditsRepository } from './speaker-edits-repository.js';
import { TranscriptsRepository } from './transcripts-repository.js';
import { noChangeLog, type ChangeLog } from './change-log.js';

export interface LibraryRecordsDeps {
  db: LibraryDb;
  workDb: WorkDb;
  /** Which files are held in S3 only: asked of the sync module, which owns `offloads`. */
  offloads: OffloadStates;
  layout: LibraryLayout;
  events: EventBus;
  clock: Clock;
  /** Told of every edit inside its transaction: the devices module's outbox (issue 20), or `noChangeLog`. */
  changes?: ChangeLog;
}

export type LibraryRecords = ReturnType<typeof createLibraryRecords>;

export function createLibraryRecords(deps: LibraryRecordsDeps) {
  const { db, clock } = deps;
  // The title upkeep of the library connection, built once here and handed to the repository that writes titles.
  const titles = new TitleUpkeep(db);
  const sessions = new SessionsRepository(db, deps.offloads, titles);
  const transcripts = new TranscriptsRepository(db);
  const analyses = new AnalysesRepository(deps.workDb);
  const changes = deps.changes ?? noChangeLog;
  const library = new LibraryService({
    sessions,
    transcripts,
    analyses,
    events: deps.events,
    clock,
    layout: deps.layout,
    changes,
  });
  return {
    changes,
    sessions,
    titles,
    transcripts,
    markers: new MarkersRepository(db),
    analyses,
    speakerEdits: new SpeakerEditsRepository(db),
    audit: new AuditLog(db, () => clock.now().toISOString()),
    library,
    debts: new StorageDebtsRepository(db),
    /** What references a file on disk (the cleanup service asks before it deletes). */
    references: new FileReferencesRepository(db),
  };
}
