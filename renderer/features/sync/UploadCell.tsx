/** The library's Upload column: backup state with byte progress, and "Back up" for sessions not (yet) in S3. */
import { useState } from 'react';
import { ApiError, type Session } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';
import { uploadBadge } from '../library/session-badges.js';
import { openPlace } from '../review/route.js';
import { useSessionUploadProgress } from './use-upload-progress.js';

export function UploadCell({ session }: { session: Session }) {
  const { transport } = useServices();
  const progress = useSessionUploadProgress(session.id);
  const [busy, setBusy] = useState(false);
  const spec = uploadBadge(session);
  const percent = progress && progress.bytesTotal > 0 ? (100 * progress.bytesSent) / progress.bytesTotal : undefined;
  // A failed import or a demo session has no recording to back up.
  const canBackUp =
    (session.upload_state === 'local_only' || session.upload_state === 'failed') &&
    session.status !== 'failed' &&
    !session.synthetic;

  const backUp = async () => {
    setBusy(true);
    try {
      const r = await transport.client.uploads.syncSession({ id: session.id });
      toast.success(r.upload_id ? `Backing up “${session.title}”` : (r.message ?? 'Already backed up'));
    } catch (e) {
      // Without S3 the message leads to where it is set up.
      if (e instanceof ApiError && e.status === 409 && /not configured/i.test(e.message)) {
        toast.error('Backups are not set up yet: choose where they go (an S3 bucket) in Settings.', {
          label: 'Set up backup',
          run: () => openPlace('settings'),
        });
      } else toast.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="upload-cell" data-testid="upload-cell">
      <StatusBadge
        tone={progress ? 'progress' : spec.tone}
        label={progress ? `${Math.floor(percent ?? 0)}%` : spec.label}
        detail={spec.detail}
        progress={percent}
        testId="badge-upload"
      />
      {canBackUp && !progress ? (
        <button
          type="button"
          className="link-button small"
          disabled={busy}
          onClick={() => void backUp()}
          aria-label={`Back up ${session.title}`}
          data-testid="back-up"
        >
          Back up
        </button>
      ) : null}
    </span>
  );
}
