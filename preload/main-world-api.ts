/**
 * Builds `window.api` inside the page's own world. Why not simply `contextBridge.exposeInMainWorld`: objects that
 * cross the bridge lose their prototype, so an AbortSignal arrives in the preload as `{}` and `{ signal }` could not
 * remove a listener. The preload therefore exposes raw functions (functions do cross, as proxies) and this function,
 * run in the main world by `contextBridge.executeInMainWorld`, wraps them with native AbortSignal handling.
 *
 * Electron serializes `installMainWorldApi` with Function.prototype.toString: it must stay self-contained (no imports,
 * no closures, no helpers the bundler might inject). It takes `target` so unit tests can run it on a plain object.
 */
import type { BridgeEventName, BridgeListenOptions, FilmroomBridge } from '../shared/contract/bridge.js';
import type { FilmroomEvent } from '../shared/contract/events.js';

/** What the preload hands over: already channel-checked, but without AbortSignal support. */
export interface RawBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(name: BridgeEventName, listener: (event: FilmroomEvent) => void): () => void;
  pickRecordings(): Promise<string[]>;
  pathForFile(file: File): string;
}

export function installMainWorldApi(raw: RawBridge, platform: string, target: object = globalThis): void {
  const api: FilmroomBridge = {
    invoke: (channel, input) => raw.invoke(channel, input),
    on: (name, listener, options?: BridgeListenOptions) => {
      const signal = options?.signal;
      if (signal?.aborted) return () => {};
      const off = raw.on(name, listener);
      let removed = false;
      const remove = () => {
        if (removed) return;
        removed = true;
        signal?.removeEventListener('abort', remove);
        off();
      };
      signal?.addEventListener('abort', remove, { once: true });
      return remove;
    },
    pickRecordings: () => raw.pickRecordings(),
    pathForFile: (file) => raw.pathForFile(file),
    platform,
  };
  // Frozen and non-configurable: page scripts cannot swap the bridge for a lookalike.
  Object.defineProperty(target, 'api', {
    value: Object.freeze(api),
    enumerable: true,
    writable: false,
    configurable: false,
  });
}
