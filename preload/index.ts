/**
 * The bridge, and nothing else: `window.api` = invoke (catalogue channels only), on('event', fn, { signal }),
 * pickRecordings, pathForFile, platform. Runs sandboxed, so it is bundled into one CommonJS file with only `electron` external.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENTS_CHANNEL, type FilmroomEvent } from '../shared/contract/index.js';
import { DIALOG_OPEN_RECORDINGS, type BridgeEventName } from '../shared/contract/bridge.js';
import { isCatalogueChannel } from './bridge-channels.js';
import { installMainWorldApi, type RawBridge } from './main-world-api.js';

const raw: RawBridge = {
  invoke(channel, input) {
    if (!isCatalogueChannel(channel)) return Promise.reject(new Error(`Unknown channel '${String(channel)}'`));
    return ipcRenderer.invoke(channel, input) as Promise<unknown>;
  },
  on(name: BridgeEventName, listener: (event: FilmroomEvent) => void) {
    if (name !== 'event') throw new Error(`Unknown event '${String(name)}'; only 'event' is supported`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // The IpcRendererEvent (with its `sender`) never reaches the page: only the payload does.
    const relay = (_event: IpcRendererEvent, payload: FilmroomEvent) => listener(payload);
    ipcRenderer.on(EVENTS_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENTS_CHANNEL, relay);
    };
  },
  async pickRecordings() {
    const paths: unknown = await ipcRenderer.invoke(DIALOG_OPEN_RECORDINGS);
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  },
  pathForFile(file: File) {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return ''; // not a File from this page (or not on disk)
    }
  },
};

contextBridge.executeInMainWorld({ func: installMainWorldApi, args: [raw, process.platform] });
