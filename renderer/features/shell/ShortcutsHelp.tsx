/** `?` anywhere (not while typing) lists the keyboard shortcuts. */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';

const SHORTCUTS: [string, string][] = [
  ['/', 'Search sessions'],
  ['↑ ↓', 'Move between sessions'],
  ['Enter', 'Open the session'],
  ['Space', 'Select the session (Shift: a range)'],
  ['Delete', 'Move the session to the trash'],
  ['Esc', 'Leave the review, close a dialog, clear the selection'],
  ['Space (review)', 'Play or pause'],
  ['← →', 'Back or forward 5 s in the review'],
  ['?', 'This list'],
];

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open) return null;
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={() => setOpen(false)}
      testId="shortcuts-dialog"
      actions={
        <button type="button" className="button" onClick={() => setOpen(false)} autoFocus>
          Close
        </button>
      }
    >
      <dl className="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="shortcut">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
