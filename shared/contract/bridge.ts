/**
 * The shape of `window.api` as the renderer sees it under Electron. No `electron` import here: the renderer does
 * `import type { FilmroomBridge } from '../shared/contract'`, and main/ipc takes the desktop-only channel names
 * from this file so both sides spell them once.
 */
import type { ErrorBody } from './errors.js';
import type { FilmroomEvent } from './events.js';

/**
 * Electron-only UI with no HTTP equivalent (a native file picker cannot be driven by another tool or a browser), so it
 * lives outside the operation catalogue and is never part of the OpenAPI document.
 */
export const DIALOG_OPEN_RECORDINGS = 'dialog:openRecordings';

/** The only event name the bridge knows: every FilmroomEvent arrives through it. */
export type BridgeEventName = 'event';

/**
 * How main answers a failed operation. Rejected promises lose everything but the message when they cross
 * contextBridge, so failures resolve to this envelope instead; the renderer turns it back into an ApiError with
 * `ApiError.fromBody(value.__filmroomError)`.
 */
export interface IpcErrorEnvelope {
  __filmroomError: ErrorBody;
}

export const IPC_ERROR_KEY = '__filmroomError' satisfies keyof IpcErrorEnvelope;

export function isIpcErrorEnvelope(value: unknown): value is IpcErrorEnvelope {
  if (typeof value !== 'object' || value === null || !(IPC_ERROR_KEY in value)) return false;
  const body: unknown = (value as Record<string, unknown>)[IPC_ERROR_KEY];
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ErrorBody).error === 'string' &&
    typeof (body as ErrorBody).code === 'number'
  );
}

export interface BridgeListenOptions {
  /** Aborting removes the listener (after Electron Fiddle); an already-aborted signal adds nothing. */
  signal?: AbortSignal;
}

export interface FilmroomBridge {
  /**
   * Calls one catalogue operation by its derived channel (`namespace:name`). Resolves to the operation's result or
   * to an IpcErrorEnvelope; rejects only for a channel outside the catalogue.
   */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to main's events; returns a function that removes the listener (as the signal does). */
  on(name: BridgeEventName, listener: (event: FilmroomEvent) => void, options?: BridgeListenOptions): () => void;
  /** The native "Import…" dialog: absolute paths of the chosen recordings, empty when cancelled. */
  pickRecordings(): Promise<string[]>;
  /** The absolute path of a file dropped on the window (Electron's webUtils; File.path is gone); '' if none. */
  pathForFile(file: File): string;
  /** `process.platform` of the desktop (`darwin`, `win32`, `linux`), for platform-specific wording and shortcuts. */
  platform: string;
}

/** The exact keys of `window.api`; the Electron test asserts nothing else leaks into the page. */
export const BRIDGE_KEYS = [
  'invoke',
  'on',
  'pickRecordings',
  'pathForFile',
  'platform',
] as const satisfies readonly (keyof FilmroomBridge)[];
