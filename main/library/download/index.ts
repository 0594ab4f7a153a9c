export {
  downloadToPart,
  DownloadError,
  type DownloadOptions,
  type DownloadResult,
  type DownloadCheckpoint,
  type DownloadProgress,
} from './resumable-download.js';
export { filenameFromContentDisposition, safeBaseName } from './content-disposition.js';
