/**
 * Writes to the bucket that could land after a delete (a trash-state manifest PUT): the remote store waits for
 * them before it removes a session's objects. Built with the store, below the library; the trash manifest adds to it.
 */
export class PendingWrites {
  readonly #inflight = new Set<Promise<unknown>>();

  track<T>(write: Promise<T>): Promise<T> {
    const p = write.finally(() => this.#inflight.delete(p));
    this.#inflight.add(p);
    return p;
  }

  /** Resolves once every write started so far is done (failed or not). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
  }
}
