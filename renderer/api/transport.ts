/** Picks the transport once at start: `window.api` under Electron, the HTTP API of the page's origin otherwise. */
import type { FilmroomClient } from '../../shared/contract/index.js';
import { currentBridge } from './bridge.js';
import { httpEvents, ipcEvents, type SubscribeEvents } from './event-stream.js';
import { createHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';
import { takeToken, tokenFromHash, type TokenEnvironment } from './token.js';
import { createUploader, type UploadRecording } from './upload.js';

export interface Transport {
  kind: 'ipc' | 'http';
  client: FilmroomClient;
  subscribeEvents: SubscribeEvents;
  /** Native file picker when the shell offers one. */
  pickRecordings?: () => Promise<string[]>;
  /** HTTP without a token: the UI explains how to open it with one. */
  missingToken: boolean;
  /** The HTTP token in use (checked once at start). */
  token?: string | null;
  /** Prefix of the API's root-relative media URLs: the API origin over HTTP, '' under app:// (it proxies /api/). */
  mediaBase: string;
  /** Multipart upload of a recording (HTTP only: app:// forwards reads, not uploads). */
  uploadRecording?: UploadRecording;
  /** Electron: the path of a dropped file, so drops are imported by path like picked files. */
  pathForFile?: (file: File) => string;
}

export function browserTokenEnv(): TokenEnvironment {
  return {
    location: window.location,
    storage: window.sessionStorage,
    persistent: window.localStorage,
    history: window.history,
  };
}

export function createTransport(): Transport {
  const bridge = currentBridge();
  if (bridge) {
    return {
      kind: 'ipc',
      client: createIpcClient(bridge),
      subscribeEvents: ipcEvents(bridge),
      pickRecordings: bridge.pickRecordings.bind(bridge),
      pathForFile: bridge.pathForFile.bind(bridge),
      missingToken: false,
      mediaBase: '',
    };
  }
  const env = browserTokenEnv();
  const token = takeToken(env);
  // Pasting the printed `#token=` link into an open tab changes only the fragment, which loads nothing: take the
  // new token and start over with it.
  window.addEventListener('hashchange', () => {
    if (tokenFromHash(window.location.hash) === null) return;
    takeToken(env);
    window.location.reload();
  });
  const baseUrl = window.location.origin;
  return {
    kind: 'http',
    client: createHttpClient({ baseUrl, token }),
    subscribeEvents: httpEvents({ baseUrl, token }),
    missingToken: token === null,
    token,
    mediaBase: baseUrl,
    uploadRecording: createUploader(baseUrl, token),
  };
}
