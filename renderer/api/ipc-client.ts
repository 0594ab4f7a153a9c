/** The IPC transport (Electron): the catalogue client over `window.api.invoke`. */
import { ApiError, isErrorBody, type FilmroomClient } from '../../shared/contract/index.js';
import type { FilmroomBridge, IpcErrorResult } from './bridge.js';
import { clientFromCatalogue } from './catalogue-client.js';

export function isIpcError(value: unknown): value is IpcErrorResult {
  return typeof value === 'object' && value !== null && isErrorBody((value as Partial<IpcErrorResult>).__filmroomError);
}

export function createIpcClient(bridge: Pick<FilmroomBridge, 'invoke'>): FilmroomClient {
  return clientFromCatalogue(async ({ channel }, input, options) => {
    let result: unknown;
    try {
      result = await bridge.invoke(channel, input);
    } catch (error) {
      // A rejected invoke means main had no handler or crashed; its message is all Electron keeps.
      throw new ApiError(500, error instanceof Error ? error.message : String(error));
    }
    // IPC cannot take a call back: an abandoned call's answer is dropped.
    options?.signal?.throwIfAborted();
    if (isIpcError(result)) throw ApiError.fromBody(result.__filmroomError);
    return result ?? null;
  });
}
