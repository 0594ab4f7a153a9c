/**
 * Taking a file Filmroom itself just wrote (a browser upload in `library/.incoming/`, already fsynced) into a
 * session folder: hashed (from the page cache, it was just written) and renamed, instead of written a second
 * time. `.incoming/` is inside the library folder, so the rename never crosses file systems; if it ever does
 * (EXDEV), the file is copied the usual way.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { copyIntoLibrary, hashFile, type CopyHashOptions, type StoredFile } from './copy-hash.js';
import { commitPartFile } from './durable-rename.js';

/** `src` must already be durable (fsynced): only its new name is made durable here. */
export async function moveIntoLibrary(src: string, dest: string, options: CopyHashOptions = {}): Promise<StoredFile> {
  const stored = await hashFile(src, options);
  await mkdir(dirname(dest), { recursive: true });
  try {
    await commitPartFile(src, dest);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    return copyIntoLibrary(src, dest, options);
  }
  return stored;
}
