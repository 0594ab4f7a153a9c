/**
 * Answers kept while the library is unchanged (keyed by `LibraryVersion`, main/db/library-version.ts), so a cache
 * is never stale.
 */
import type { LibraryVersion } from '../../db/index.js';

/** Answers kept per key while the library is unchanged; the least recently used key goes past `size` keys. */
export class VersionedCache<T> {
  readonly #version: LibraryVersion;
  readonly #size: number;
  readonly #entries = new Map<string, { version: string; value: T }>();

  constructor(version: LibraryVersion, size: number) {
    this.#version = version;
    this.#size = size;
  }

  /** The kept answer for `key`, if the library has not changed since. */
  peek(key: string): T | undefined {
    const hit = this.#entries.get(key);
    return hit && hit.version === this.#version.current() ? hit.value : undefined;
  }

  get(key: string, compute: () => T): T {
    const version = this.#version.current();
    const hit = this.#entries.get(key);
    this.#entries.delete(key);
    if (hit && hit.version === version) {
      this.#entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    if (this.#entries.size >= this.#size) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { version, value }); // the version read before computing: a commit meanwhile makes it stale
    return value;
  }
}
