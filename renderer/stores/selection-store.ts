/**
 * The library's multi-selection: ids, not row indexes, so it survives scrolling the virtual list, new pages and
 * live inserts. A new filter, search or sort clears it (the coach is looking at a different set), and sessions that
 * leave the list (deleted here or elsewhere) leave the selection, so a bulk action never acts on what is not shown.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LibraryStore } from './library-store.js';

export interface SelectionState {
  ids: ReadonlySet<string>;
  /** Where a shift-click range starts: the last row toggled on its own. */
  anchor: string | null;
  toggle(id: string): void;
  /** Shift-click: every row from the anchor to `id` in list order is selected (the anchor stays). */
  selectRange(id: string): void;
  /** Ctrl/Cmd+A: every row of the current view that is loaded. */
  selectAll(): void;
  clear(): void;
}

export type SelectionStore = StoreApi<SelectionState>;

export function createSelectionStore(library: LibraryStore): SelectionStore {
  const store = createStore<SelectionState>()((set, get) => ({
    ids: new Set(),
    anchor: null,

    toggle(id) {
      const ids = new Set(get().ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      set({ ids, anchor: id });
    },

    selectRange(id) {
      const rows = library.getState().rows;
      const to = rows.findIndex((r) => r.id === id);
      const anchor = get().anchor;
      const from = anchor === null ? -1 : rows.findIndex((r) => r.id === anchor);
      if (to === -1) return;
      if (from === -1) return get().toggle(id); // no anchor in view: a plain toggle that becomes the anchor
      const ids = new Set(get().ids);
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) ids.add(rows[i]!.id);
      set({ ids });
    },

    selectAll() {
      set({ ids: new Set(library.getState().rows.map((r) => r.id)) });
    },

    clear() {
      if (get().ids.size > 0 || get().anchor !== null) set({ ids: new Set(), anchor: null });
    },
  }));

  library.subscribe((now, before) => {
    if (now.filters !== before.filters) return store.getState().clear();
    const { ids } = store.getState();
    if (now.rows === before.rows || ids.size === 0) return;
    const shown = new Set(now.rows.map((r) => r.id));
    const kept = [...ids].filter((id) => shown.has(id));
    if (kept.length !== ids.size) store.setState({ ids: new Set(kept) });
  });
  return store;
}
