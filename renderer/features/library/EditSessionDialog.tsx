/**
 * "Edit session": title, client, participants and tags (PATCH /sessions/{id}). Opened from a table row and from the
 * review header; the saved session comes back through the live events, so both views show it at once.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';
import { participantsFromText, participantsToText, tagsFromText, tagsToText } from './edit-session-model.js';

interface EditSessionDialogProps {
  session: Session;
  onClose(): void;
  onSaved?(session: Session): void;
}

export function EditSessionDialog({ session, onClose, onSaved }: EditSessionDialogProps) {
  const { transport, library } = useServices();
  const formId = useId();
  const [title, setTitle] = useState(session.title);
  const [client, setClient] = useState(session.client);
  const [participants, setParticipants] = useState(participantsToText(session.participants));
  const [tags, setTags] = useState(tagsToText(session.tags));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setProblem('A session needs a title.');
      return;
    }
    setBusy(true);
    try {
      const saved = await transport.client.sessions.update({
        id: session.id,
        title: title.trim(),
        client: client.trim(),
        participants: participantsFromText(participants),
        tags: tagsFromText(tags),
      });
      library.getState().applyEvent({ type: 'session.changed', session: saved });
      onSaved?.(saved);
      toast.success(`Saved “${saved.title}”`);
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Edit session"
      onClose={onClose}
      busy={busy}
      testId="edit-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button primary" disabled={busy} data-testid="save-session">
            {busy ? 'Saving…' : 'Save changes'}
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={(e) => void submit(e)}>
        <label className="form-row">
          <span>Title</span>
          <input type="text" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} autoFocus />
        </label>
        <label className="form-row">
          <span>Client</span>
          <input type="text" value={client} maxLength={200} onChange={(e) => setClient(e.target.value)} />
        </label>
        <label className="form-row">
          <span>Participants</span>
          <textarea
            rows={4}
            value={participants}
            onChange={(e) => setParticipants(e.target.value)}
            placeholder={'One per line, e.g.\nSam Lee (client)\nKim Park (coach)'}
          />
        </label>
        <label className="form-row">
          <span>Tags</span>
          <input
            type="text"
            value={tags}
            onChange={(e) => setTags(e.target.value)}
            placeholder="Separated by commas, e.g. goals, follow-up"
          />
        </label>
        {problem ? (
          <p className="error-text" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
