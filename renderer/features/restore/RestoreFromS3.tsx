/**
 * The empty library's "Restore my library from S3" (issue 18): starts the restore job and shows its progress from
 * the `restore.progress` events (a run already going, e.g. after a reload, is picked up from the latest runs).
 * Restored sessions arrive in the table through the usual `session.created` events.
 */
import { useEffect, useState } from 'react';
import type { RestoreRun } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';

type Progress = Pick<RestoreRun, 'job_id' | 'state' | 'done' | 'total'> & { errors: number };

export function RestoreFromS3() {
  const { transport, events } = useServices();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    transport.client.restore
      .latest({})
      .then(({ items }) => {
        const run = items[0];
        if (live && run?.state === 'running') setProgress({ ...run, errors: run.errors.length });
      })
      .catch(() => undefined); // a coach token may not restore: the button says so when pressed
    return () => {
      live = false;
    };
  }, [transport]);

  useEffect(
    () =>
      events.subscribe((event) => {
        if (event.type !== 'restore.progress') return;
        setProgress((p) =>
          p && p.job_id !== event.job_id
            ? p
            : {
                job_id: event.job_id,
                state: event.state as Progress['state'],
                done: event.done,
                total: event.total,
                errors: event.errors,
              },
        );
      }),
    [events],
  );

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const { job_id } = await transport.client.restore.start({ include_deleted: false });
      setProgress((p) => (p?.job_id === job_id ? p : { job_id, state: 'running', done: 0, total: 0, errors: 0 }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const running = progress?.state === 'running';
  return (
    <div className="restore-from-s3" data-testid="restore-from-s3">
      <button type="button" className="button" disabled={busy || running} onClick={() => void start()}>
        Restore my library from S3
      </button>
      {progress ? (
        <p className="muted" role="status" data-testid="restore-progress">
          {running
            ? `Restoring from S3: ${progress.done} of ${progress.total || '…'} sessions`
            : progress.state === 'completed'
              ? `Restored from S3: ${progress.done} of ${progress.total} sessions checked`
              : 'The restore from S3 failed'}
          {progress.errors > 0 ? ` (${progress.errors} not imported: see the restore report)` : ''}
        </p>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
