/**
 * The first note of a coach who has not told Filmroom their name: asked once, here, instead of signing the note
 * with the token's role ("admin:"). Skip is remembered in this browser, so it is never asked again.
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';

export const ASKED_NAME_KEY = 'filmroom.askedName';

export function shouldAskName(displayName: string): boolean {
  try {
    return displayName.trim() === '' && localStorage.getItem(ASKED_NAME_KEY) !== '1';
  } catch {
    return false;
  }
}

export function rememberAskedName(): void {
  try {
    localStorage.setItem(ASKED_NAME_KEY, '1');
  } catch {
    // private mode: asked again next time, harmless
  }
}

export function AskName({ onDone }: { onDone(name: string | null): void }) {
  const [name, setName] = useState('');
  return (
    <Dialog
      title="Sign your notes"
      onClose={() => onDone(null)}
      testId="ask-name"
      actions={
        <>
          <button type="button" className="button" onClick={() => onDone(null)}>
            Skip
          </button>
          <button
            type="button"
            className="button primary"
            disabled={name.trim() === ''}
            onClick={() => onDone(name.trim())}
          >
            Save and add the note
          </button>
        </>
      }
    >
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onDone(name.trim());
        }}
      >
        <label htmlFor="ask-name-input">Your name</label>
        <input
          id="ask-name-input"
          type="text"
          value={name}
          maxLength={100}
          autoFocus
          placeholder="e.g. Kim Park"
          onChange={(e) => setName(e.target.value)}
        />
        <p className="form-span muted small">Notes are signed with it. You can change it in Settings.</p>
      </form>
    </Dialog>
  );
}
