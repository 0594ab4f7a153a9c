export { copyIntoLibrary, hashFile, type CopyHashOptions, type StoredFile } from './copy-hash.js';
export { commitPartFile, syncAndCommitPartFile, fsyncDirectory } from './durable-rename.js';
export { isFileStable, type StabilityOptions } from './file-stability.js';
