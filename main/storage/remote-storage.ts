/**
 * Where the library's remote copy is, once one is configured. The deletion orchestrator (library) needs to delete
 * objects; the sync module (above it) knows the store: the store is provided here, so the dependency points down.
 */
import type { RemoteObjectStore } from './object-store.js';

export class RemoteStorage {
  #provider: (() => RemoteObjectStore | null) | null = null;

  /** The sync module's store (null while S3 is not configured). */
  provide(provider: () => RemoteObjectStore | null): void {
    this.#provider = provider;
  }

  current(): RemoteObjectStore | null {
    return this.#provider?.() ?? null;
  }
}
