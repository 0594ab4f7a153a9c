/**
 * Where the library's remote copy is, once one is configured. The deletion orchestrator (library) needs to delete
 * objects; the sync module (above it) knows the store: the store is provided here, so the dependency points down.
 */
import type { ObjectStore } from './object-store.js';

export class RemoteStorage {
  #provider: (() => ObjectStore | null) | null = null;

  /** The sync module's store (null while S3 is not configured). */
  provide(provider: () => ObjectStore | null): void {
    this.#provider = provider;
  }

  current(): ObjectStore | null {
    return this.#provider?.() ?? null;
  }
}
