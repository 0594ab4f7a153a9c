/** Esc leaves the review for the library (not while typing, not when a dialog is open: Esc closes that first). */
import { useEffect } from 'react';
import { isTyping } from '../shell/ShortcutsHelp.js';
import { backToLibrary } from './route.js';

export function useEscapeToLibrary(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      backToLibrary();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
