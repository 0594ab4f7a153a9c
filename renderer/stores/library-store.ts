/**
 * The session library as the table shows it: filters, the rows loaded from the top (pages of 200 via
 * `next_cursor`, for the grid and the first screen), the windows of rows fetched by offset wherever the table is
 * scrolled to (list-windows.ts), the server's total, and the optimistic delete. Created per client so tests and
 * the two transports share it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FilmroomClient, FilmroomEvent, Session } from '../../shared/contract/index.js';
import {
  DEFAULT_FILTERS,
  insertionIndex,
  matchesFilters,
  toListInput,
  type LibraryFilters,
} from '../features/library/list-query.js';
import { errorMessage, isNotFound } from '../lib/error-message.js';
import { runEach, type EachFailure } from '../lib/run-each.js';
import { WINDOW_SIZE, WindowCache, type Windows } from './list-windows.js';

export interface LibraryState {
  filters: LibraryFilters;
  rows: Session[];
  total: number;
  /** The server counted up to its bound and stopped: `total` is a floor (shown as "10,000+"). */
  totalIsLowerBound: boolean;
  nextCursor: string | null;
  /** First page of the current filters in flight. */
  loading: boolean;
  loadingMore: boolean;
  /** Why the list could not be loaded (shown in the error bar with a retry). */
  error: string | null;
  /** Rows fetched by offset where the table was scrolled to (window number → its rows); see list-windows.ts. */
  windows: Windows;
  /** Ids deleted optimistically and not yet confirmed. */
  deleting: ReadonlySet<string>;
  setFilters(patch: Partial<LibraryFilters>): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  /**
   * Rows [first, last] are on screen: fetches the windows holding them that are not loaded yet, abandoning
   * fetches for places scrolled past. Only for an exact total (a search past 10,000 matches pages from the top).
   */
  showRange(first: number, last: number): void;
  /**
   * Rows [first, last] of the current view, fetched by offset (pages of 500, the contract's largest): for a
   * shift-click range across places never scrolled to. Resolves with null when the view changed meanwhile.
   */
  fetchRows(first: number, last: number): Promise<Session[] | null>;
  /** Removes the row at once; puts it back (and rejects with a readable message) if the server refuses. */
  deleteSession(id: string): Promise<void>;
  /**
   * Moves many sessions to the trash: their rows go at once, each one the server refuses comes back in its place.
   * Resolves with the refusals (a session already gone counts as deleted).
   */
  deleteSessions(ids: readonly string[]): Promise<EachFailure<{ id: string; title: string }>[]>;
  applyEvent(event: FilmroomEvent): void;
}

export type LibraryStore = StoreApi<LibraryState>;

/** The list's largest page (contract: limit ≤ 500). */
const RANGE_PAGE = 500;

export function createLibraryStore(client: FilmroomClient, initial: LibraryFilters = DEFAULT_FILTERS): LibraryStore {
  // Every first-page request gets a number; answers to superseded requests (fast typing) are dropped.
  let generation = 0;
  const cache = new WindowCache();
  /** Rows moved (an insert or a delete): windows fetched before are off by some rows and are fetched again. */
  const dropWindows = () => {
    cache.reset();
    return { windows: new Map() as Windows };
  };

  return createStore<LibraryState>()((set, get) => ({
    filters: initial,
    rows: [],
    total: 0,
    totalIsLowerBound: false,
    nextCursor: null,
    loading: false,
    loadingMore: false,
    error: null,
    windows: new Map(),
    deleting: new Set(),

    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      void get().reload();
    },

    async reload() {
      const mine = ++generation;
      set({ loading: true, error: null, ...dropWindows() });
      try {
        const page = await client.sessions.list(toListInput(get().filters));
        if (mine !== generation) return;
        set({
          rows: page.items,
          total: page.total,
          totalIsLowerBound: page.total_is_lower_bound ?? false,
          nextCursor: page.next_cursor,
          loading: false,
          loadingMore: false,
        });
      } catch (error) {
        if (mine !== generation) return;
        set({ loading: false, error: errorMessage(error) });
      }
    },

    async loadMore() {
      const { nextCursor, loadingMore, loading, filters } = get();
      if (!nextCursor || loadingMore || loading) return;
      const mine = generation;
      set({ loadingMore: true });
      try {
        const page = await client.sessions.list(toListInput(filters, nextCursor));
        if (mine !== generation) return;
        set((s) => {
          const known = new Set(s.rows.map((r) => r.id));
          const fresh = page.items.filter((item) => !known.has(item.id) && !s.deleting.has(item.id));
          return {
            rows: [...s.rows, ...fresh],
            total: page.total,
            totalIsLowerBound: page.total_is_lower_bound ?? false,
            nextCursor: page.next_cursor,
            loadingMore: false,
          };
        });
      } catch (error) {
        if (mine !== generation) return;
        set({ loadingMore: false, error: errorMessage(error) });
      }
    },

    showRange(first, last) {
      const { rows, total, totalIsLowerBound, loading, windows } = get();
      if (totalIsLowerBound || loading || total === 0) return;
      const fetches = cache.want(first, Math.min(last, total - 1), rows.length, windows);
      const mine = generation;
      for (const fetch of fetches) {
        const input = {
          ...toListInput(get().filters),
          limit: WINDOW_SIZE * fetch.count,
          offset: fetch.window * WINDOW_SIZE,
        };
        client.sessions
          .list(input, { signal: fetch.signal })
          .then((page) => {
            if (mine !== generation || fetch.signal.aborted) return;
            set((s) => ({ windows: cache.add(s.windows, fetch, page.items), total: page.total }));
          })
          .catch((error: unknown) => {
            if (mine !== generation || fetch.signal.aborted) return;
            set({ error: errorMessage(error) });
          })
          .finally(() => cache.settled(fetch));
      }
    },

    async fetchRows(first, last) {
      const mine = generation;
      const filters = get().filters;
      const out: Session[] = [];
      for (let offset = Math.max(0, first); offset <= last; offset += RANGE_PAGE) {
        const limit = Math.min(RANGE_PAGE, last - offset + 1);
        const page = await client.sessions.list({ ...toListInput(filters), offset, limit });
        if (mine !== generation) return null;
        out.push(...page.items);
        if (page.items.length < limit) break;
      }
      return out;
    },

    async deleteSession(id) {
      const [failure] = await get().deleteSessions([id]);
      if (failure) {
        throw new Error(`Could not delete “${failure.item.title}”: ${failure.error}`, { cause: failure.cause });
      }
    },

    async deleteSessions(ids) {
      const wanted = new Set(ids);
      // Original positions, so a refused delete puts its row back where it was.
      const removed = get()
        .rows.map((row, index) => ({ row, index }))
        .filter(({ row }) => wanted.has(row.id));
      const prefix = new Set(removed.map(({ row }) => row.id));
      const windowed = new Set(
        [...get().windows.values()].flat().flatMap((r) => (wanted.has(r.id) && !prefix.has(r.id) ? [r.id] : [])),
      );
      set((s) => ({
        rows: s.rows.filter((r) => !wanted.has(r.id)),
        total: Math.max(0, s.total - removed.length - windowed.size),
        deleting: new Set([...s.deleting, ...wanted]),
        ...dropWindows(),
      }));
      const titles = new Map(removed.map(({ row }) => [row.id, row.title]));
      const outcome = await runEach(
        [...wanted].map((id) => ({ id, title: titles.get(id) ?? id })),
        // The UI's delete goes to the trash (issue 10); already gone (deleted elsewhere) is what the user wanted.
        (row) => client.sessions.remove({ id: row.id, trash: true }).catch(ignoreNotFound),
      );
      // Now the server agrees: windows fetched while the deletes ran may still hold the deleted rows.
      set((s) => ({ deleting: new Set([...s.deleting].filter((d) => !wanted.has(d))), ...dropWindows() }));
      const refused = new Set(outcome.failed.map((f) => f.item.id));
      // Where each refused row goes: its old index less the rows before it that really went.
      let gone = 0;
      const back: { row: Session; index: number }[] = [];
      for (const { row, index } of removed) {
        if (refused.has(row.id)) back.push({ row, index: index - gone });
        else gone += 1;
      }
      if (back.length > 0) {
        set((s) => {
          const rows = [...s.rows];
          let added = 0;
          for (const { row, index } of back) {
            if (rows.some((r) => r.id === row.id)) continue;
            rows.splice(Math.min(index, rows.length), 0, row);
            added += 1;
          }
          return { rows, total: s.total + added, ...dropWindows() };
        });
      }
      return outcome.failed;
    },

    applyEvent(event) {
      const { filters, rows, nextCursor, deleting, windows } = get();
      const inWindows = (id: string) => [...windows.values()].some((w) => w.some((r) => r.id === id));
      if (event.type === 'session.deleted') {
        if (deleting.has(event.id)) return; // our own optimistic delete already counted it
        if (rows.some((r) => r.id === event.id) || inWindows(event.id)) {
          set((s) => ({
            rows: s.rows.filter((r) => r.id !== event.id),
            total: Math.max(0, s.total - 1),
            ...dropWindows(),
          }));
        }
        return;
      }
      if (event.type !== 'session.created' && event.type !== 'session.changed') return;
      const session = event.session;
      const at = rows.findIndex((r) => r.id === session.id);
      const belongs = matchesFilters(session, filters);
      if (at !== -1 || inWindows(session.id)) {
        const swap = (list: readonly Session[]) => list.map((r) => (r.id === session.id ? session : r));
        if (belongs) set({ rows: swap(rows), windows: new Map([...windows].map(([w, list]) => [w, swap(list)])) });
        else
          set((s) => ({
            rows: s.rows.filter((r) => r.id !== session.id),
            total: Math.max(0, s.total - 1),
            ...dropWindows(),
          }));
        return;
      }
      // A search runs on the server (titles, participants, transcripts); new rows wait for the next query.
      if (!belongs || filters.q.trim() !== '' || deleting.has(session.id)) return;
      const index = insertionIndex(rows, session, filters.sort, nextCursor !== null);
      set((s) => {
        const next = [...s.rows];
        if (index !== -1) next.splice(index, 0, session);
        return { rows: next, total: s.total + 1, ...(s.windows.size > 0 ? dropWindows() : {}) };
      });
    },
  }));
}

function ignoreNotFound(error: unknown): null {
  if (isNotFound(error)) return null;
  throw error;
}
