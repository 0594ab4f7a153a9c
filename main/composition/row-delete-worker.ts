/**
 * The row-delete worker thread's entry (see main/library/deletion/row-deleter.ts): its own library connection
 * (synchronous=FULL) and the one repository it writes through; one batch of queued sessions a transaction, as the
 * deletion service sends them, so a bulk delete's SQLite work never runs on the API's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openLibraryConnection } from '../db/index.js';
import {
  RowDeletionRepository,
  type FromRowDeleteWorker,
  type RowDeleteWorkerInit,
  type ToRowDeleteWorker,
} from '../library/index.js';

const init = workerData as RowDeleteWorkerInit;
// Not niced (unlike the restore worker): the coach waits for this delete, and at nice 10 on a loaded machine the
// worker starved (a 10,000-session delete took 66 s instead of 31 s in one run at load ~22).
const port = parentPort!;
const post = (message: FromRowDeleteWorker) => port.postMessage(message);
const db = openLibraryConnection(init.database, { nativeBinding: init.nativeBinding });
const rows = new RowDeletionRepository(db);

port.on('message', (message: ToRowDeleteWorker) => {
  try {
    post({ type: 'deleted', id: message.id, deleted: rows.deleteQueued(message.ids) });
  } catch (error) {
    post({ type: 'failed', id: message.id, message: (error as Error).message });
  }
});
post({ type: 'ready' });
