/**
 * Settings → Backup: where backups go (or that they go nowhere yet) and the button that opens the S3 dialog.
 * The other backup tools sit in this section too: "Verify backups" and "Restore my library from S3".
 */
import { useEffect, useState } from 'react';
import type { S3SettingsView } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { PlaceSection } from '../../components/Place.js';
import { S3SettingsDialog } from './S3SettingsDialog.js';

export function BackupSettings() {
  const { transport } = useServices();
  const [view, setView] = useState<S3SettingsView | null>(null);
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    transport.client.sync
      .getSettings({})
      .then((v) => live && setView(v))
      .catch(() => live && setView(null));
    return () => {
      live = false;
    };
  }, [transport, version]);

  return (
    <PlaceSection title="Backup" testId="backup-settings">
      <p data-testid="backup-status">
        {view?.configured
          ? `Backing up to the bucket “${view.bucket}”${view.endpoint ? ` at ${view.endpoint}` : ''}.`
          : 'Not backed up: recordings are kept on this computer only.'}
      </p>
      <p>
        <button type="button" className="button" onClick={() => setOpen(true)} data-testid="s3-settings-button">
          {view?.configured ? 'S3 backup…' : 'Set up S3 backup…'}
        </button>
      </p>
      {open ? (
        <S3SettingsDialog
          onClose={() => {
            setOpen(false);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
    </PlaceSection>
  );
}
