/**
 * What the Electron preload exposes as `window.api` (preload/api-types.ts): `invoke` on a channel derived from the
 * catalogue, `on('event')` for pushed FilmroomEvents, the native picker and the platform name. Declared
 * structurally here because the renderer may not import preload/ (lint boundary); the preload's own type is
 * assignable to this one.
 */
import type { ErrorBody, FilmroomEvent } from '../../shared/contract/index.js';

export interface FilmroomBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(event: 'event', listener: (event: FilmroomEvent) => void, options: { signal: AbortSignal }): unknown;
  platform: string;
  /** Native "Import…" dialog: absolute paths of the chosen recordings, [] when cancelled. Optional: older shells. */
  pickRecordings?: () => Promise<string[]>;
}

/** Errors cross IPC as a plain result, since Electron flattens thrown errors to a message string. */
export interface IpcErrorResult {
  __filmroomError: ErrorBody;
}

declare global {
  interface Window {
    api?: FilmroomBridge;
  }
}

export function currentBridge(): FilmroomBridge | undefined {
  // globalThis rather than window: this module is also loaded by Node unit tests.
  return (globalThis as { api?: FilmroomBridge }).api;
}
