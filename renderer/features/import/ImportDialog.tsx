/**
 * Import by path. In a browser the server reads the path (it runs on this machine); under Electron the shell may
 * offer a native picker that fills the same field.
 */
import { useId, useState, type FormEvent } from 'react';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { toast } from '../../stores/toast-store.js';
import { mergeOutcomes, outcomeFromError, outcomeFromResult, type ImportOutcome } from './import-outcome.js';

const FORM_ID = 'import-form';

export function ImportDialog({ onClose }: { onClose(): void }) {
  const { transport } = useServices();
  const [path, setPath] = useState('');
  const [copy, setCopy] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const hintId = useId();
  const absolute = /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path.trim());

  const importPaths = async (paths: readonly string[]) => {
    if (paths.length === 0 || busy) return;
    setBusy(true);
    setOutcome(null);
    const outcomes: ImportOutcome[] = [];
    // One at a time: each import hashes and copies the whole file, and the answers stay in the order picked.
    for (const one of paths) {
      try {
        outcomes.push(outcomeFromResult(await transport.client.sessions.import({ path: one, copy })));
      } catch (error) {
        outcomes.push(outcomeFromError(error));
      }
    }
    const merged = mergeOutcomes(outcomes);
    setOutcome(merged);
    setBusy(false);
    if (merged.imported.length > 0)
      toast.success(`Imported ${merged.imported.length === 1 ? '1 session' : `${merged.imported.length} sessions`}`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (absolute) void importPaths([path.trim()]);
  };

  const browse = async () => {
    const chosen = (await transport.pickRecordings?.()) ?? [];
    if (chosen.length === 1 && chosen[0]) setPath(chosen[0]);
    await importPaths(chosen);
  };

  return (
    <Dialog
      title="Import a recording"
      onClose={onClose}
      busy={busy}
      testId="import-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {outcome?.imported.length ? 'Done' : 'Cancel'}
          </button>
          <button
            type="submit"
            form={FORM_ID}
            className="button primary"
            disabled={!absolute || busy}
            data-testid="confirm-import"
          >
            {busy ? 'Importing…' : 'Import'}
          </button>
        </>
      }
    >
      <form id={FORM_ID} className="form" onSubmit={submit}>
        <label className="form-row">
          <span>File or folder on this computer</span>
          <span className="input-with-button">
            <input
              type="text"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/Users/you/Zoom/2026-01-31 Session with Sam/video.mp4"
              aria-describedby={hintId}
              spellCheck={false}
              autoFocus
              data-testid="import-path"
            />
            {transport.pickRecordings ? (
              <button type="button" className="button" onClick={() => void browse()}>
                Choose…
              </button>
            ) : null}
          </span>
        </label>
        <p id={hintId} className="muted small">
          {path.trim() && !absolute
            ? 'Give the full path, starting with / (or a drive letter on Windows).'
            : 'An absolute path to a recording or a meeting folder.'}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} />
          <span>Copy into the library (otherwise the file is referenced where it is)</span>
        </label>
      </form>
      {outcome ? <ImportOutcomeView outcome={outcome} /> : null}
    </Dialog>
  );
}

function ImportOutcomeView({ outcome }: { outcome: ImportOutcome }) {
  return (
    <div className="import-outcome" data-testid="import-outcome" aria-live="polite">
      {outcome.messages.map((message) => (
        <p key={message} className="error-text" role="alert">
          {message}
        </p>
      ))}
      {outcome.imported.length > 0 ? (
        <p>
          Imported {outcome.imported.length === 1 ? '1 session' : `${outcome.imported.length} sessions`}
          {outcome.imported.some((s) => s.status === 'failed')
            ? ' (some could not be read: see the Failed filter)'
            : ''}
          .
        </p>
      ) : null}
      {outcome.refused.length > 0 ? (
        <>
          <p>Not imported:</p>
          <ul className="refused-list" data-testid="import-refused">
            {outcome.refused.map((r) => (
              <li key={r.path}>
                <code>{r.path}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
