/**
 * The last step of every import: a finished `.part` file becomes the real file. fsync the data first, rename
 * (atomic on one file system), then fsync the folder so the new name itself survives a power cut.
 */
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsyncs a folder; platforms that cannot open folders for syncing (Windows) are skipped, not failed. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (isUnsupportedDirSync(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedDirSync(error)) throw error;
  } finally {
    await handle.close();
  }
}

function isUnsupportedDirSync(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EACCES';
}

/** Renames an already-fsynced `.part` file to its final name and makes the rename durable. */
export async function commitPartFile(partPath: string, finalPath: string): Promise<void> {
  await rename(partPath, finalPath);
  await fsyncDirectory(dirname(finalPath));
}

/** fsyncs a file's data and renames it into place durably. */
export async function syncAndCommitPartFile(partPath: string, finalPath: string): Promise<void> {
  const handle = await open(partPath, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await commitPartFile(partPath, finalPath);
}
