/**
 * The empty library's "Restore my library from S3" (issue 18): starts the restore job. Its progress and summary
 * are shown by `RestoreStatus` in the library (see restore-run.ts: the button goes away with the empty library as
 * soon as the first restored session arrives). Restored sessions arrive in the table through `session.created`.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { restoreRun, startRestore } from './restore-run.js';

export function RestoreFromS3() {
  const { transport } = useServices();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useStore(restoreRun, (s) => s.progress?.state === 'running');

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await startRestore(transport.client.restore);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="restore-from-s3" data-testid="restore-from-s3">
      <button type="button" className="button" disabled={busy || running} onClick={() => void start()}>
        Restore my library from S3
      </button>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
