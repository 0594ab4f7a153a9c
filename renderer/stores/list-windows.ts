/**
 * The rows of a long list fetched where the user lands, not from the top: the list is cut into windows of
 * WINDOW_SIZE rows (offset = window × size), each fetched once with `offset`/`limit`, the least recently shown
 * dropped past MAX_WINDOWS, and a fetch for a window the user has already scrolled past abandoned (AbortController)
 * so a drag across the scrollbar asks only for where it stops. Pure bookkeeping: the store owns the state.
 */
import type { Session } from '../../shared/contract/index.js';

/**
 * 50 rows: a screen and a half at 1080 px. A jump lands on ~26 rows (with overscan), across two windows half the
 * time: 75 rows fetched on average instead of 125 with windows of 100 (less for the server to read and encode and
 * for the page to parse before the rows paint).
 */
export const WINDOW_SIZE = 50;
/** 80 windows: 4,000 rows, enough for going back and forth around a few places without refetching. */
export const MAX_WINDOWS = 80;

export type Windows = ReadonlyMap<number, readonly Session[]>;

/** The row at `index`: from the rows loaded from the top, else from its window; undefined while not loaded. */
export function rowAt(prefix: readonly Session[], windows: Windows, index: number): Session | undefined {
  if (index < prefix.length) return prefix[index];
  return windows.get(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE];
}

/** Windows that rows [first, last] touch. */
export function windowsOf(first: number, last: number): number[] {
  const out: number[] = [];
  for (let w = Math.floor(Math.max(0, first) / WINDOW_SIZE); w <= Math.floor(last / WINDOW_SIZE); w++) out.push(w);
  return out;
}

/** One request: `count` adjacent windows from `window` on (a jump usually lands across two). */
export interface WindowFetch {
  window: number;
  count: number;
  signal: AbortSignal;
}

export class WindowCache {
  /** Window numbers, least recently wanted first. */
  readonly #recent = new Map<number, true>();
  /** Each window coming, with the request bringing it (shared by the adjacent windows fetched together). */
  readonly #inflight = new Map<number, AbortController>();

  /**
   * Rows [first, last] are wanted: returns the requests to make now for the windows not held, not covered by the
   * first `prefix` rows and not already coming (adjacent ones in one request), and abandons requests none of whose
   * windows is wanted any more.
   */
  want(first: number, last: number, prefix: number, held: Windows): WindowFetch[] {
    const wanted = windowsOf(first, last);
    const keep = new Set(wanted);
    const stillWanted = new Set([...this.#inflight].filter(([w]) => keep.has(w)).map(([, c]) => c));
    for (const [w, controller] of this.#inflight) {
      if (stillWanted.has(controller)) continue;
      controller.abort();
      this.#inflight.delete(w);
    }
    const fetches: WindowFetch[] = [];
    let open: { window: number; count: number; controller: AbortController } | null = null;
    for (const w of wanted) {
      this.#recent.delete(w);
      this.#recent.set(w, true);
      if ((w + 1) * WINDOW_SIZE <= prefix || held.has(w) || this.#inflight.has(w)) {
        open = null;
        continue;
      }
      if (open && open.window + open.count === w) open.count += 1;
      else {
        open = { window: w, count: 1, controller: new AbortController() };
        fetches.push({ window: w, count: 0, signal: open.controller.signal });
      }
      this.#inflight.set(w, open.controller);
      fetches.at(-1)!.count = open.count;
    }
    return fetches;
  }

  /** A request ended (answered, failed or abandoned): its windows are no longer coming. */
  settled(fetch: WindowFetch): void {
    for (let w = fetch.window; w < fetch.window + fetch.count; w++) {
      if (this.#inflight.get(w)?.signal === fetch.signal) this.#inflight.delete(w);
    }
  }

  /** `held` plus the windows a request brought, less the least recently wanted windows past MAX_WINDOWS. */
  add(held: Windows, fetch: WindowFetch, rows: readonly Session[]): Map<number, readonly Session[]> {
    const next = new Map(held);
    for (let k = 0; k < fetch.count; k++) {
      const w = fetch.window + k;
      next.set(w, rows.slice(k * WINDOW_SIZE, (k + 1) * WINDOW_SIZE));
      if (!this.#recent.has(w)) this.#recent.set(w, true);
    }
    for (const old of this.#recent.keys()) {
      if (next.size <= MAX_WINDOWS) break;
      if (old >= fetch.window && old < fetch.window + fetch.count) continue;
      next.delete(old);
      this.#recent.delete(old);
    }
    return next;
  }

  /** Forget everything (a new view, or rows moved by an insert or a delete): fetches in flight are abandoned. */
  reset(): void {
    for (const controller of this.#inflight.values()) controller.abort();
    this.#inflight.clear();
    this.#recent.clear();
  }
}

/** Where row `id` is among the loaded rows (the first rows, then the windows), or -1. */
export function indexOfRow(prefix: readonly Session[], windows: Windows, id: string): number {
  const at = prefix.findIndex((r) => r.id === id);
  if (at !== -1) return at;
  for (const [w, rows] of windows) {
    const i = rows.findIndex((r) => r.id === id);
    if (i !== -1 && w * WINDOW_SIZE + i >= prefix.length) return w * WINDOW_SIZE + i;
  }
  return -1;
}

/** Every loaded row once, in list order: the first rows, then the windows' rows past them. */
export function loadedRows(prefix: readonly Session[], windows: Windows): Session[] {
  const out = [...prefix];
  const order = [...windows.keys()].sort((a, b) => a - b);
  for (const w of order) {
    const rows = windows.get(w) ?? [];
    rows.forEach((row, i) => {
      if (w * WINDOW_SIZE + i >= prefix.length) out.push(row);
    });
  }
  return out;
}

/** How many rows `loadedRows` would list, without building the list (read by the selection's header box). */
export function loadedCount(prefix: readonly Session[], windows: Windows): number {
  let count = prefix.length;
  for (const [w, rows] of windows) {
    const start = w * WINDOW_SIZE;
    count += Math.max(0, start + rows.length - Math.max(start, prefix.length));
  }
  return count;
}
