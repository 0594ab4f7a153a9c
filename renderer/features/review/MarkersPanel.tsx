/** Notes and markers at the playhead, and the chat lines of the import, in time order; click a time to seek. */
import { useState, type FormEvent } from 'react';
import type { Marker } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';
import { AskName, rememberAskedName, shouldAskName } from './AskName.js';
import { formatClock, sortMarkers } from './review-model.js';

interface MarkersPanelProps {
  sessionId: string;
  markers: readonly Marker[];
  time: number;
  onSeek(t: number): void;
  onChange(markers: Marker[]): void;
}

const KIND_LABELS: Record<Marker['kind'], string> = {
  marker: 'Marker',
  note: 'Note',
  chat: 'Chat',
  chapter: 'Chapter',
};

export function MarkersPanel({ sessionId, markers, time, onSeek, onChange }: MarkersPanelProps) {
  const { transport } = useServices();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const sorted = sortMarkers(markers);

  const [asking, setAsking] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || busy) return;
    // The first note of a coach with no name asks for it once (else notes are signed with the token's role).
    const settings = await transport.client.settings.get({}).catch(() => null);
    if (settings && shouldAskName(settings.display_name)) {
      setAsking(true);
      return;
    }
    await save();
  };

  const answerName = async (name: string | null) => {
    setAsking(false);
    rememberAskedName();
    if (name) {
      await transport.client.settings
        .update({ display_name: name })
        .catch((error: unknown) => toast.error(`Could not save your name: ${errorMessage(error)}`));
    }
    await save();
  };

  const save = async () => {
    setBusy(true);
    try {
      const t = Math.round(time * 1000) / 1000;
      const created = await transport.client.review.addMarker({ id: sessionId, t, kind: 'note', text: text.trim() });
      onChange([...markers, created]);
      setText('');
    } catch (error) {
      toast.error(`Could not add the note: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (marker: Marker) => {
    onChange(markers.filter((m) => m.id !== marker.id));
    try {
      await transport.client.review.removeMarker({ id: sessionId, marker_id: marker.id });
    } catch (error) {
      onChange([...markers]);
      toast.error(`Could not delete the note: ${errorMessage(error)}`);
    }
  };

  return (
    <section className="panel markers-panel" aria-labelledby="markers-heading">
      <h3 id="markers-heading" className="panel-title">
        Notes and markers
      </h3>
      {asking ? <AskName onDone={(name) => void answerName(name)} /> : null}
      <form className="note-form" onSubmit={(e) => void add(e)}>
        <label className="visually-hidden" htmlFor="note-text">
          Note at {formatClock(time)}
        </label>
        <input
          id="note-text"
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={`Note at ${formatClock(time)}…`}
          maxLength={10_000}
          data-testid="note-text"
        />
        <button type="submit" className="button primary" disabled={!text.trim() || busy} data-testid="add-note">
          Add note
        </button>
      </form>
      {sorted.length === 0 ? (
        <p className="muted small">No notes yet. Pause where it matters and write one.</p>
      ) : (
        <ol className="marker-list" data-testid="markers">
          {sorted.map((m) => (
            <li key={m.id} className={`marker marker-${m.kind}`} data-testid="marker">
              {m.t === null ? (
                <span className="marker-time muted">—</span>
              ) : (
                <button
                  type="button"
                  className="marker-time link-button"
                  onClick={() => onSeek(m.t ?? 0)}
                  aria-label={`Go to ${formatClock(m.t)}`}
                >
                  {formatClock(m.t)}
                </button>
              )}
              <span className={`marker-kind kind-${m.kind}`}>{KIND_LABELS[m.kind]}</span>
              <span className="marker-text">
                {m.author ? <strong>{m.author}: </strong> : null}
                {m.text}
              </span>
              {m.kind === 'note' || m.kind === 'marker' ? (
                <button
                  type="button"
                  className="icon-button danger"
                  onClick={() => void remove(m)}
                  aria-label={`Delete note “${m.text.slice(0, 40)}”`}
                  title="Delete"
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
