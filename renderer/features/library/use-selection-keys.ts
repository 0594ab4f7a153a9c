/**
 * Library-wide selection keys: Ctrl/Cmd+A selects every loaded session of the current view (instead of the page's
 * text), Escape clears the selection. Not while typing in a field, not under a dialog, not on the review screen.
 */
import { useEffect } from 'react';
import type { SelectionStore } from '../../stores/selection-store.js';
import { parseRoute } from '../review/route.js';
import { typingIn } from './use-row-keys.js';

export function useSelectionKeys(selection: SelectionStore): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingIn(event.target) || document.querySelector('dialog[open]')) return;
      if (parseRoute(window.location.hash).kind !== 'library') return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
        event.preventDefault();
        selection.getState().selectAll();
      } else if (event.key === 'Escape' && selection.getState().ids.size > 0) {
        selection.getState().clear();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selection]);
}
