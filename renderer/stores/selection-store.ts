/**
 * The library's multi-selection: ids, not row indexes, so it survives scrolling the virtual list, new pages and
 * live inserts. A new filter, search or sort clears it (the coach is looking at a different set), and sessions that
 * leave the list (deleted here or elsewhere) leave the selection, so a bulk action never acts on what is not shown.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LibraryStore } from './library-store.js';
import type { Session } from '../../shared/contract/index.js';
import { indexOfRow, loadedRows, rowAt } from './list-windows.js';

export interface SelectionState {
  ids: ReadonlySet<string>;
  /** Where a shift-click range starts: the last row toggled on its own. */
  anchor: string | null;
  /** The anchor's index in the list when it was toggled (used once its rows are no longer loaded). */
  anchorIndex: number;
  /**
   * Selected sessions a shift-click range reached where the table was never scrolled to: fetched by offset, kept
   * here so the bulk actions act on them like on loaded rows.
   */
  fetched: ReadonlyMap<string, Session>;
  /** A range's unloaded rows are being fetched. */
  fetching: boolean;
  toggle(id: string): void;
  /**
   * Shift-click: every row from the anchor to `id` in list order is selected (the anchor stays); rows of the range
   * not loaded (windows never scrolled to) are fetched and join when they arrive.
   */
  selectRange(id: string): void;
  /**
   * "Select all N matching" (Gmail style): the selection becomes the current filters' whole result, less the
   * sessions unticked since (`excluded`). Null while the selection is just `ids`. Loaded rows stay in `ids` so
   * their boxes show ticked; rows loaded later join unless excluded.
   */
  allMatching: { excluded: ReadonlySet<string> } | null;
  /** Ctrl/Cmd+A: every row of the current view that is loaded. */
  selectAll(): void;
  selectAllMatching(): void;
  clear(): void;
}

export type SelectionStore = StoreApi<SelectionState>;

export function createSelectionStore(library: LibraryStore): SelectionStore {
  const loaded = () => loadedRows(library.getState().rows, library.getState().windows);
  /** Bumped by clear(): a range fetch answering after it is dropped. */
  let epoch = 0;
  const store = createStore<SelectionState>()((set, get) => ({
    ids: new Set(),
    anchor: null,
    anchorIndex: -1,
    fetched: new Map(),
    fetching: false,
    allMatching: null,

    toggle(id) {
      const ids = new Set(get().ids);
      const on = !ids.has(id);
      if (on) ids.add(id);
      else ids.delete(id);
      const { rows, windows } = library.getState();
      set({
        ids,
        anchor: id,
        anchorIndex: indexOfRow(rows, windows, id),
        allMatching: withExcluded(get().allMatching, [id], on),
      });
    },

    selectRange(id) {
      const { rows, windows } = library.getState();
      const to = indexOfRow(rows, windows, id);
      const { anchor, anchorIndex } = get();
      const loadedFrom = anchor === null ? -1 : indexOfRow(rows, windows, anchor);
      // The anchor's window may have been dropped from memory since: its index then says where the range starts.
      const from = loadedFrom !== -1 ? loadedFrom : anchor === null ? -1 : anchorIndex;
      if (to === -1) return;
      if (from === -1) return get().toggle(id); // no anchor: a plain toggle that becomes the anchor
      const ids = new Set(get().ids);
      const range: string[] = [];
      /** Runs of rows of the range that are not loaded: [first, last]. */
      const missing: [number, number][] = [];
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const row = rowAt(rows, windows, i);
        if (row) range.push(row.id);
        else if (missing.at(-1)?.[1] === i - 1) missing.at(-1)![1] = i;
        else missing.push([i, i]);
      }
      for (const r of range) ids.add(r);
      set({ ids, allMatching: withExcluded(get().allMatching, range, true), fetching: missing.length > 0 });
      if (missing.length > 0) void fetchMissing(missing);
    },

    selectAll() {
      set({ ids: new Set(loaded().map((r) => r.id)) });
    },

    selectAllMatching() {
      set({ ids: new Set(loaded().map((r) => r.id)), allMatching: { excluded: new Set() } });
    },

    clear() {
      epoch += 1;
      const { ids, anchor, allMatching, fetched, fetching } = get();
      if (ids.size > 0 || anchor !== null || allMatching !== null || fetched.size > 0 || fetching) {
        set({ ids: new Set(), anchor: null, anchorIndex: -1, allMatching: null, fetched: new Map(), fetching: false });
      }
    },
  }));

  /** Fetches the unloaded runs of a range and selects what they hold (unless the selection was cleared). */
  async function fetchMissing(runs: readonly [number, number][]): Promise<void> {
    const mine = epoch;
    try {
      for (const [first, last] of runs) {
        const sessions = await library.getState().fetchRows(first, last);
        if (mine !== epoch || sessions === null) return;
        const { ids, fetched, allMatching } = store.getState();
        const nextIds = new Set(ids);
        const nextFetched = new Map(fetched);
        for (const session of sessions) {
          nextIds.add(session.id);
          nextFetched.set(session.id, session);
        }
        const added = sessions.map((session) => session.id);
        store.setState({ ids: nextIds, fetched: nextFetched, allMatching: withExcluded(allMatching, added, true) });
      }
    } catch {
      // The loaded part of the range stays selected; the rest could not be named.
    } finally {
      if (mine === epoch) store.setState({ fetching: false });
    }
  }

  library.subscribe((now, before) => {
    if (now.filters !== before.filters) return store.getState().clear();
    const { ids, allMatching } = store.getState();
    const rowsMoved = now.rows !== before.rows;
    if ((!rowsMoved && now.windows === before.windows) || (ids.size === 0 && allMatching === null)) return;
    const rows = loadedRows(now.rows, now.windows);
    // Sessions a range fetched count as shown: they are in the list, only not loaded.
    const fetched = [...store.getState().fetched.keys()].filter((id) => !now.deleting.has(id));
    const shown = new Set([...rows.map((r) => r.id), ...fetched]);
    // Only a change of the rows themselves drops selected rows that left; a window dropped from memory (or
    // refetched) does not unselect what it held.
    const kept = rowsMoved ? [...ids].filter((id) => shown.has(id)) : [...ids];
    // Over all matching, a page loaded by scrolling arrives ticked (it is part of the selection already).
    const joined = allMatching
      ? rows.filter((r) => !ids.has(r.id) && !allMatching.excluded.has(r.id)).map((r) => r.id)
      : [];
    if (kept.length !== ids.size || joined.length > 0) store.setState({ ids: new Set([...kept, ...joined]) });
  });
  return store;
}

/** Over all matching, unticking a row excludes it and ticking it again takes it back. */
function withExcluded(
  all: SelectionState['allMatching'],
  changed: readonly string[],
  on: boolean,
): SelectionState['allMatching'] {
  if (!all) return null;
  const excluded = new Set(all.excluded);
  for (const id of changed) {
    if (on) excluded.delete(id);
    else excluded.add(id);
  }
  return { excluded };
}
