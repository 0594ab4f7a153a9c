/**
 * Child process for the kill -9 tests (not a test file): `copy <src> <dest>` or `download <url> <part> <checkpoint.json>`.
 * The parent SIGKILLs it part-way; checkpoints are written synchronously, as an app would persist them.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { downloadToPart } from '../../../main/library/download/resumable-download.js';
import { copyIntoLibrary } from '../../../main/library/files/copy-hash.js';

const [mode, a, b, c] = process.argv.slice(2);
if (mode === 'copy') {
  await copyIntoLibrary(a!, b!, { chunkBytes: 256 * 1024, onProgress: (bytes) => process.stdout.write(`${bytes}\n`) });
} else if (mode === 'download') {
  // Persist atomically (write + rename), as the app does in SQLite: a kill must never leave half a checkpoint.
  const persist = (cp: object): void => {
    writeFileSync(`${c!}.tmp`, JSON.stringify(cp));
    renameSync(`${c!}.tmp`, c!);
  };
  await downloadToPart(a!, b!, { checkpointEveryBytes: 64 * 1024, onCheckpoint: persist });
}
process.stdout.write('done\n');
