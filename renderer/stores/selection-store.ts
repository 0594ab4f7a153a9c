/**
 * The library's multi-selection: ids, not row indexes, so it survives scrolling the virtual list, new pages and
 * live inserts. A new filter, search or sort clears it (the coach is looking at a different set), and sessions that
 * leave the list (deleted here or elsewhere) leave the selection, so a bulk action never acts on what is not shown.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LibraryStore } from './library-store.js';
import { indexOfRow, loadedRows, rowAt } from './list-windows.js';

export interface SelectionState {
  ids: ReadonlySet<string>;
  /** Where a shift-click range starts: the last row toggled on its own. */
  anchor: string | null;
  toggle(id: string): void;
  /** Shift-click: every row from the anchor to `id` in list order is selected (the anchor stays). */
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
  const store = createStore<SelectionState>()((set, get) => ({
    ids: new Set(),
    anchor: null,
    allMatching: null,

    toggle(id) {
      const ids = new Set(get().ids);
      const on = !ids.has(id);
      if (on) ids.add(id);
      else ids.delete(id);
      set({ ids, anchor: id, allMatching: withExcluded(get().allMatching, [id], on) });
    },

    selectRange(id) {
      const { rows, windows } = library.getState();
      const to = indexOfRow(rows, windows, id);
      const anchor = get().anchor;
      const from = anchor === null ? -1 : indexOfRow(rows, windows, anchor);
      if (to === -1) return;
      if (from === -1) return get().toggle(id); // no anchor in view: a plain toggle that becomes the anchor
      const ids = new Set(get().ids);
      const range: string[] = [];
      // Rows of the range that are not loaded (a window far from both ends) cannot be named: they are left out.
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const row = rowAt(rows, windows, i);
        if (row) range.push(row.id);
      }
      for (const r of range) ids.add(r);
      set({ ids, allMatching: withExcluded(get().allMatching, range, true) });
    },

    selectAll() {
      set({ ids: new Set(loaded().map((r) => r.id)) });
    },

    selectAllMatching() {
      set({ ids: new Set(loaded().map((r) => r.id)), allMatching: { excluded: new Set() } });
    },

    clear() {
      const { ids, anchor, allMatching } = get();
      if (ids.size > 0 || anchor !== null || allMatching !== null) {
        set({ ids: new Set(), anchor: null, allMatching: null });
      }
    },
  }));

  library.subscribe((now, before) => {
    if (now.filters !== before.filters) return store.getState().clear();
    const { ids, allMatching } = store.getState();
    const rowsMoved = now.rows !== before.rows;
    if ((!rowsMoved && now.windows === before.windows) || (ids.size === 0 && allMatching === null)) return;
    const rows = loadedRows(now.rows, now.windows);
    const shown = new Set(rows.map((r) => r.id));
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
