export { copyIntoLibrary, hashFile, type CopyHashOptions, type StoredFile } from './copy-hash.js';
export { moveIntoLibrary } from './move-into-library.js';
export { commitPartFile, syncAndCommitPartFile, fsyncDirectory } from './durable-rename.js';
export { isFileStable, type StabilityOptions } from './file-stability.js';
