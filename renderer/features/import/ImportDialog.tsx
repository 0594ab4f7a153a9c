/**
 * Import a file or folder by path (previewed before confirming: meetings, platform, refusals; title and client
 * editable for one meeting), a link to download, or an upload of files from this computer (browser): chosen or
 * dropped files are grouped first (a recording with its same-named transcript is one session) and shown before
 * Import sends them. Under Electron the native picker fills the path.
 */
import { examplePath } from '../../lib/example-path.js';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ImportInput } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { toast } from '../../stores/toast-store.js';
import { mergeOutcomes, outcomeFromError, outcomeFromResult, type ImportOutcome } from './import-outcome.js';
import { ImportOutcomeView } from './ImportOutcomeView.js';
import { coachMessage } from './import-wording.js';
import { ImportPreview, type MeetingEdits } from './ImportPreview.js';
import { uploadGroups } from './upload-files.js';
import { planUploads, type UploadPlan } from './upload-groups.js';
import { UploadPlanView } from './UploadPlanView.js';
import { isAbsolutePath, useImportPreview } from './use-import-preview.js';

const FORM_ID = 'import-form';

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value.trim());
}

export function ImportDialog({ onClose, files }: { onClose(): void; files?: readonly File[] }) {
  const { transport, imports } = useServices();
  const [picked, setPicked] = useState<UploadPlan<File> | null>(() =>
    files && files.length > 0 ? planUploads(files) : null,
  );
  const [path, setPath] = useState('');
  const [url, setUrl] = useState('');
  const [copy, setCopy] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [edits, setEdits] = useState<MeetingEdits>({ title: '', client: '' });
  const hintId = useId();
  const uploadHintId = useId();
  const absolute = isAbsolutePath(path);
  const preview = useImportPreview(path);
  const single = preview.kind === 'ready' && preview.preview.meetings.length === 1 ? preview.preview.meetings[0] : null;
  useEffect(() => setEdits({ title: single?.title ?? '', client: '' }), [single?.title]);

  const run = async (jobs: (() => Promise<ImportOutcome>)[]) => {
    if (jobs.length === 0 || busy) return;
    setBusy(true);
    setOutcome(null);
    const outcomes: ImportOutcome[] = [];
    // One at a time: each import hashes and copies the whole file, and the answers stay in the order given.
    for (const job of jobs) outcomes.push(await job());
    const merged = mergeOutcomes(outcomes);
    setOutcome(merged);
    setBusy(false);
    const failed = merged.imported.filter((s) => s.status === 'failed').length;
    const good = merged.imported.length - failed;
    if (good > 0) toast.success(`Imported ${good === 1 ? '1 session' : `${good} sessions`}`);
    // A failure stays on screen until dismissed, even after the dialog closes.
    if (failed > 0)
      toast.error(
        `${failed === 1 ? '1 recording' : `${failed} recordings`} could not be read: see the import result or the Failed status filter`,
      );
  };

  // A result belongs to the path or link it came from: editing either clears it.
  const editPath = (value: string) => {
    setPath(value);
    setPicked(null);
    setOutcome(null);
  };
  const editUrl = (value: string) => {
    setUrl(value);
    setPicked(null);
    setOutcome(null);
  };
  // Import only what the preview found something in; a path that is missing or holds nothing stays disabled.
  const pathImportable = absolute && preview.kind === 'ready' && preview.preview.meetings.length > 0;
  const uploadable = picked !== null && picked.groups.length > 0 && transport.uploadRecording !== undefined;
  const canImport = uploadable || pathImportable || (path.trim() === '' && isHttpUrl(url));

  const importOne = (input: ImportInput) => async () => {
    try {
      return outcomeFromResult(await transport.client.sessions.import(input));
    } catch (error) {
      return outcomeFromError(error);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const uploader = transport.uploadRecording;
    if (picked && uploader) {
      if (picked.groups.length === 0) return;
      const groups = picked.groups;
      void run([() => uploadGroups(uploader, imports, groups)]).then(() => setPicked(null));
    } else if (absolute) {
      if (!pathImportable) return;
      const named = single && edits.title.trim() ? { title: edits.title.trim() } : {};
      const client = single && edits.client.trim() ? { client: edits.client.trim() } : {};
      void run([importOne({ path: path.trim(), copy, ...named, ...client })]);
    } else if (isHttpUrl(url)) {
      void run([importOne({ url: url.trim(), copy: true })]);
    }
  };

  const browse = async () => {
    const chosen = (await transport.pickRecordings?.()) ?? [];
    if (chosen.length === 1 && chosen[0]) editPath(chosen[0]);
    else void run(chosen.map((one) => importOne({ path: one, copy })));
  };

  // Chosen files are grouped and shown; Import sends them.
  const choose = (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setPath('');
    setUrl('');
    setOutcome(null);
    setPicked(planUploads([...list]));
  };

  return (
    <Dialog
      title="Import a recording"
      onClose={onClose}
      busy={busy}
      testId="import-dialog"
      wide
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {outcome?.imported.length ? 'Done' : 'Cancel'}
          </button>
          <button
            type="submit"
            form={FORM_ID}
            className="button primary"
            disabled={!canImport || busy}
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
              onChange={(e) => editPath(e.target.value)}
              placeholder={examplePath('2026-01-31 10.00.00 Session with Sam')}
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
            : 'An absolute path to a recording or a meeting folder (Zoom, Teams, Meet or any video).'}
        </p>
        {preview.kind === 'loading' ? <p className="muted small">Looking at {path.trim()}…</p> : null}
        {preview.kind === 'error' ? (
          <p className="error-text small" data-testid="import-path-problem">
            {coachMessage(preview.message)}
          </p>
        ) : null}
        {preview.kind === 'ready' ? <ImportPreview preview={preview.preview} edits={edits} onEdit={setEdits} /> : null}
        <label className="checkbox">
          <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} />
          <span>Copy into the library (otherwise the file is referenced where it is)</span>
        </label>
        <label className="form-row">
          <span>Or a link to download</span>
          <input
            type="url"
            value={url}
            onChange={(e) => editUrl(e.target.value)}
            placeholder="https://example.com/recording.mp4"
            disabled={path.trim() !== ''}
            data-testid="import-url"
          />
        </label>
        {transport.uploadRecording ? (
          <label className="form-row">
            <span>Or upload files from this computer</span>
            <input
              type="file"
              multiple
              accept="video/*,audio/*,.vtt,.srt,.txt"
              disabled={busy}
              onChange={(e) => {
                choose(e.target.files);
                e.target.value = '';
              }}
              aria-describedby={uploadHintId}
              data-testid="import-file"
            />
          </label>
        ) : null}
        {transport.uploadRecording && !picked ? (
          <p id={uploadHintId} className="muted small">
            Choose a recording together with its transcript (a .vtt or .srt of the same name): they become one session.
          </p>
        ) : null}
        {picked ? <UploadPlanView plan={picked} /> : null}
      </form>
      {outcome ? <ImportOutcomeView outcome={outcome} onOpen={onClose} /> : null}
    </Dialog>
  );
}
