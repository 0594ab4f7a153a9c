/**
 * A speaker's edits in the talk-time list: rename inline (the name becomes a text box; Enter or leaving it saves,
 * Escape cancels) and "Merge into…" another speaker. Both are the server's (`analysis.renameSpeaker` /
 * `mergeSpeakers`), which answers the edited analysis: the lane, legends and bars redraw from it.
 */
import { useState, type KeyboardEvent } from 'react';

export interface SpeakerEdits {
  rename(from: string, to: string): Promise<boolean>;
  merge(from: string, into: string): Promise<boolean>;
}

interface NameProps {
  name: string;
  editing: boolean;
  edits: SpeakerEdits;
  onDone(): void;
}

/** The name, or the text box that renames it. */
export function SpeakerNameEditor({ name, editing, edits, onDone }: NameProps) {
  const [draft, setDraft] = useState(name);
  const [saving, setSaving] = useState(false);
  if (!editing) return <>{name}</>;
  const save = async () => {
    const next = draft.trim();
    if (saving) return;
    if (next === '' || next === name) return onDone();
    setSaving(true);
    const ok = await edits.rename(name, next);
    setSaving(false);
    if (ok) onDone();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // Escape here cancels the edit, not the review (use-escape-to-library)
      onDone();
    }
  };
  return (
    <input
      className="speaker-name-input"
      aria-label={`New name for ${name}`}
      value={draft}
      maxLength={100}
      autoFocus
      disabled={saving}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={onKey}
      onBlur={() => void save()}
    />
  );
}

interface ActionsProps {
  name: string;
  others: readonly string[];
  edits: SpeakerEdits;
  onRename(): void;
}

/** "Rename" and "Merge into…" for one speaker. */
export function SpeakerActions({ name, others, edits, onRename }: ActionsProps) {
  return (
    <span className="speaker-actions">
      <button type="button" className="button small ghost" aria-label={`Rename ${name}`} onClick={onRename}>
        ✎
      </button>
      {others.length > 0 ? (
        <select
          className="speaker-merge"
          aria-label={`Merge ${name} into…`}
          value=""
          onChange={(e) => {
            const into = e.target.value;
            if (into) void edits.merge(name, into);
          }}
        >
          <option value="">Merge into…</option>
          {others.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : null}
    </span>
  );
}
