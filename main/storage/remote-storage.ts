/**
 * Where the library's remote copy is, once one is configured. The deletion orchestrator (library) needs to delete
 * objects; the sync module's store is built before the library and handed to it through this (the provider reads
 * the current S3 settings, so none is returned while S3 is not configured). The dependency points down.
 */
import type { RemoteObjectStore } from './object-store.js';

export class RemoteStorage {
  /** `provider`: the sync module's store, or null while S3 is not configured. */
  constructor(private readonly provider: () => RemoteObjectStore | null = () => null) {}

  current(): RemoteObjectStore | null {
    return this.provider();
  }
}
