/**
 * The restore worker thread's entry (see main/sync/restore/restore-worker-client.ts): a small composition root of
 * its own — a library connection (synchronous=FULL) and a work connection to the API process's database, the
 * repositories a restore writes through, its own S3 client — then one batch at a time, as the job sends them.
 * A batch's library transactions and then its analyses' work transaction run here, never nested.
 */
import { writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openLibraryConnection, openWorkConnection } from '../db/index.js';
import {
  AnalysesRepository,
  AuditLog,
  MarkersRepository,
  SessionsRepository,
  SpeakerEditsRepository,
  TranscriptsRepository,
} from '../library/index.js';
import { TrashRepository } from '../cleanup/index.js';
import { systemClock } from '../platform/clock.js';
import { LibraryLayout } from '../storage/index.js';
import {
  OffloadsRepository,
  restoreWorkerParts,
  type FromRestoreWorker,
  type RestoreWorkerInit,
  type ToRestoreWorker,
} from '../sync/index.js';

const init = workerData as RestoreWorkerInit;
// A background job: on Linux a thread's nice value is its own, so the API's thread keeps the CPU it asks for
// (with both busy on a loaded machine, the list waited for the core the restore held).
try {
  setPriority(10);
} catch {
  // not permitted here: runs at the normal priority
}
const port = parentPort!;
const post = (message: FromRestoreWorker) => port.postMessage(message);

const db = openLibraryConnection(init.database, { nativeBinding: init.nativeBinding });
const workDb = openWorkConnection(init.database, { nativeBinding: init.nativeBinding });
const now = () => systemClock.now().toISOString();
let announce: string[] = [];
const { client, run } = restoreWorkerParts(init, {
  db,
  workDb,
  sessions: new SessionsRepository(db, new OffloadsRepository(db)),
  transcripts: new TranscriptsRepository(db),
  markers: new MarkersRepository(db),
  speakerEdits: new SpeakerEditsRepository(db),
  analyses: new AnalysesRepository(workDb),
  audit: new AuditLog(db, now),
  trash: new TrashRepository(db),
  library: { announce: (id) => void announce.push(id) },
  clock: systemClock,
  layout: new LibraryLayout(init.libraryDir),
});

// Test-only (the kill-window test): after the first batch has committed, write this file and never answer, so a
// kill -9 lands between the worker's commit and the job's progress update, the window the count must survive.
const pauseFile = process.env.FILMROOM_TEST_RESTORE_PAUSE_AFTER_COMMIT;

// One batch at a time: the job sends the next one after this one's answer.
let queue = Promise.resolve();
port.on('message', (message: ToRestoreWorker) => {
  queue = queue.then(async () => {
    if (message.type === 'close') {
      client.destroy();
      workDb.close();
      db.close();
      post({ type: 'closed' });
      port.close();
      return;
    }
    announce = [];
    try {
      const result = await run(message.folders, message.runId);
      if (pauseFile && result.created.length > 0) {
        writeFileSync(pauseFile, String(result.created.length));
        await new Promise<never>(() => undefined);
      }
      post({ type: 'batch-done', id: message.id, result, announce });
    } catch (error) {
      post({ type: 'batch-failed', id: message.id, message: (error as Error).message });
    }
  });
});
post({ type: 'ready' });
