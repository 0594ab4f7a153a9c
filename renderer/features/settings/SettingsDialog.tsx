/**
 * The coach's name (signs notes), watch folders (absolute paths, on/off, copy or reference) and automatic analysis
 * of new imports.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../lib/error-message.js';
import { examplePath } from '../../lib/example-path.js';
import { toast } from '../../stores/toast-store.js';
import { isAbsolutePath } from '../import/use-import-preview.js';
import { useMissingFolders } from './use-missing-folders.js';

const MAX_FOLDERS = 20;

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { transport } = useServices();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [defaultFolder, setDefaultFolder] = useState('');
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    transport.client.settings
      .get({})
      .then(({ default_watch_folder, ...rest }) => {
        setSettings(rest);
        setDefaultFolder(default_watch_folder);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [transport]);

  const missing = useMissingFolders(transport.client, settings?.watch_folders ?? []);
  const patch = (p: Partial<Settings>) => setSettings((s) => (s ? { ...s, ...p } : s));
  const candidate = folder.trim();
  const canAdd =
    settings !== null &&
    isAbsolutePath(candidate) &&
    !settings.watch_folders.includes(candidate) &&
    settings.watch_folders.length < MAX_FOLDERS;

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!canAdd || !settings) return;
    patch({ watch_folders: [...settings.watch_folders, candidate] });
    setFolder('');
  };

  const save = async () => {
    if (!settings) return;
    setBusy(true);
    setError(null);
    try {
      await transport.client.settings.update(settings);
      toast.success('Settings saved');
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const saveButton = (
    <button
      type="button"
      className="button primary"
      onClick={() => void save()}
      disabled={!settings || busy}
      data-testid="save-settings"
    >
      {busy ? 'Saving…' : 'Save'}
    </button>
  );

  return (
    <Dialog
      title="Settings"
      onClose={onClose}
      busy={busy}
      testId="settings-dialog"
      wide
      placeActions={saveButton}
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          {saveButton}
        </>
      }
    >
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {!settings ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : (
        <div className="form">
          <h3 className="subheading">You</h3>
          <label className="form-row">
            <span>Your name</span>
            <input
              type="text"
              value={settings.display_name}
              maxLength={100}
              placeholder="e.g. Kim Park"
              onChange={(e) => patch({ display_name: e.target.value })}
              data-testid="display-name"
            />
          </label>
          <p className="muted small">Signs the notes you write while reviewing.</p>
          <h3 className="subheading">Watch folders</h3>
          <p className="muted small">
            New recordings appearing in these folders are imported once their files are complete.
            {defaultFolder ? (
              <>
                {' '}
                Zoom saves to <code>{defaultFolder}</code> on this computer.
              </>
            ) : null}
          </p>
          {settings.watch_folders.length === 0 ? (
            <p className="muted small">No folders watched.</p>
          ) : (
            <ul className="folder-list" aria-label="Watched folders" data-testid="watch-folders">
              {settings.watch_folders.map((f) => (
                <li key={f} data-missing={missing.has(f) || undefined}>
                  <code title={f}>{f}</code>
                  {missing.has(f) ? (
                    <span className="error-text small" data-testid="folder-missing">
                      ⚠ This folder does not exist: nothing is watched there.
                    </span>
                  ) : null}
                  <button
                    type="button"
                    className="icon-button danger"
                    aria-label={`Stop watching ${f}`}
                    onClick={() => patch({ watch_folders: settings.watch_folders.filter((x) => x !== f) })}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form className="input-with-button" onSubmit={add}>
            <label className="visually-hidden" htmlFor="watch-folder-input">
              Folder to watch
            </label>
            <input
              id="watch-folder-input"
              type="text"
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              placeholder={defaultFolder || examplePath('')}
              spellCheck={false}
              data-testid="watch-folder-input"
            />
            <button type="submit" className="button" disabled={!canAdd}>
              Add folder
            </button>
          </form>
          {candidate && !isAbsolutePath(candidate) ? (
            <p className="muted small">Give the full path, starting with / (or a drive letter on Windows).</p>
          ) : null}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.watch_enabled}
              onChange={(e) => patch({ watch_enabled: e.target.checked })}
            />
            <span>Watch these folders</span>
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.watch_copy}
              onChange={(e) => patch({ watch_copy: e.target.checked })}
            />
            <span>Copy watched recordings into the library (otherwise reference them in place)</span>
          </label>
          <h3 className="subheading">Analysis</h3>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={settings.auto_analyze}
              onChange={(e) => patch({ auto_analyze: e.target.checked })}
            />
            <span>Analyze new imports automatically</span>
          </label>
        </div>
      )}
    </Dialog>
  );
}
