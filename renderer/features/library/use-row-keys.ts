/**
 * Keyboard use of the session table: one row at a time is in the tab order (roving focus); ↑/↓ (and Home/End)
 * move it, scrolling the virtualized list; Enter opens the review; Delete asks to delete; Space selects the row;
 * `/` jumps to the search box. Coming back from a review puts the focus on the row that was opened, so the coach continues from there.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { openSession, parseRoute } from '../review/route.js';

/** The list as keys move through it: its length, its loaded rows by index, and a loaded row's index. */
export interface RowSource {
  length: number;
  at(index: number): Session | undefined;
  indexOf(id: string): number;
}

export function arraySource(rows: readonly Session[]): RowSource {
  return { length: rows.length, at: (i) => rows[i], indexOf: (id) => rows.findIndex((r) => r.id === id) };
}

/** How long a key press waits for the row it moves to when that row's window is still being fetched. */
const LOAD_WAIT_FRAMES = 120;

interface RowKeysOptions {
  scrollRef: RefObject<HTMLDivElement | null>;
  /** What scrolls a row into view: the virtual list, or the table's scaled scroll past the browser's height. */
  virtualizer: RowScroller;
  /** The rows (the grid's loaded array), or the table's whole list with rows loaded where it was scrolled. */
  rows: RowSource | readonly Session[];
  onDelete(session: Session): void;
  /** Space on a row: toggle its selection. */
  onToggle(id: string): void;
  /** Sessions per virtual row: 1 in the table; the grid's cards per line (←/→ move by one, ↑/↓ by a line). */
  columns?: number;
  /**
   * A grouped grid's own layout (header lines between groups): the virtual line of row `index`, and the row ↑/↓
   * lands on. Without it, lines are plain chunks of `columns`.
   */
  layout?: { lineOf(index: number): number; vertical(index: number, step: 1 | -1): number };
}

/** What the keys need of the virtual list: scrolling a row into view (`align: 'auto'`). */
export interface RowScroller {
  scrollToIndex(index: number, options: { align: 'auto' }): void;
}

function isRowSource(rows: RowSource | readonly Session[]): rows is RowSource {
  return !Array.isArray(rows);
}

export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useRowKeys({ scrollRef, virtualizer, rows, onDelete, onToggle, columns = 1, layout }: RowKeysOptions) {
  const [activeId, setActiveId] = useState<string | null>(null);
  const rowsRef = useRef<RowSource>(arraySource([]));
  rowsRef.current = isRowSource(rows) ? rows : arraySource(rows);

  /**
   * Scrolls row `index` into view and focuses it once the virtualizer has rendered it (and, in the table, once its
   * window has arrived: End at 100,000 rows lands on rows being fetched).
   */
  const focusIndex = useCallback(
    (index: number) => {
      if (index < 0 || index >= rowsRef.current.length) return;
      virtualizer.scrollToIndex(layout ? layout.lineOf(index) : Math.floor(index / columns), { align: 'auto' });
      let tries = 0;
      const attempt = () => {
        const row = rowsRef.current.at(index);
        if (row) setActiveId(row.id);
        const el = row
          ? scrollRef.current?.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(row.id)}"]`)
          : null;
        if (el) el.focus({ preventScroll: true });
        else if (tries++ < (row ? 10 : LOAD_WAIT_FRAMES)) requestAnimationFrame(attempt);
      };
      // A neighbour is usually rendered already: focus it now, so a quick second key press starts from it.
      attempt();
    },
    [scrollRef, virtualizer, columns, layout],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const target = event.target as HTMLElement;
      const rowEl = target.closest<HTMLElement>('[data-session-id]');
      if (!rowEl || event.altKey || event.ctrlKey || event.metaKey) return;
      const list = rowsRef.current;
      const index = list.indexOf(rowEl.dataset.sessionId ?? '');
      const row = list.at(index);
      if (index === -1 || !row) return;
      const onRow = target === rowEl; // the row's own buttons and link keep Enter and Space
      if (event.key === 'ArrowDown') {
        focusIndex(layout ? layout.vertical(index, 1) : Math.min(list.length - 1, index + columns));
      } else if (event.key === 'ArrowUp')
        focusIndex(layout ? layout.vertical(index, -1) : Math.max(0, index - columns));
      else if (event.key === 'ArrowRight' && columns > 1) focusIndex(Math.min(list.length - 1, index + 1));
      else if (event.key === 'ArrowLeft' && columns > 1) focusIndex(Math.max(0, index - 1));
      else if (event.key === 'Home') focusIndex(0);
      else if (event.key === 'End') focusIndex(list.length - 1);
      else if (event.key === 'Enter' && onRow) openSession(row.id);
      else if (event.key === ' ' && onRow) onToggle(row.id);
      else if (event.key === 'Delete' || (event.key === 'Backspace' && onRow)) onDelete(row);
      else return;
      event.preventDefault();
    },
    [focusIndex, onDelete, onToggle, columns, layout],
  );

  // `/` focuses the search box while the library is shown.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '/' || typingIn(event.target) || parseRoute(window.location.hash).kind !== 'library') return;
      const search = document.querySelector<HTMLInputElement>('[data-testid="search"]');
      if (!search) return;
      event.preventDefault();
      search.focus();
      search.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Back from a review: the focus returns to the row that was opened.
  useEffect(() => {
    let reviewing = parseRoute(window.location.hash);
    const onHash = () => {
      const route = parseRoute(window.location.hash);
      if (route.kind === 'library' && reviewing.kind === 'review') {
        const id = reviewing.id;
        const index = rowsRef.current.indexOf(id);
        if (index >= 0) focusIndex(index);
      }
      reviewing = route;
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [focusIndex]);

  /** The row that is in the tab order: the active one, else the first. */
  const tabIndexFor = (id: string, index: number) =>
    activeId === null ? (index === 0 ? 0 : -1) : id === activeId ? 0 : -1;
  return { onKeyDown, tabIndexFor, setActiveId };
}
