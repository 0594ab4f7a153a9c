/**
 * The review's word on where the recording is. Backed up and local: "Offload local copy" frees the disk space (the
 * server frees it only when the S3 copy is verified). Offloaded: a clear "held in S3 only" note (playback streams
 * from the bucket) and "Restore local copy", with the download's progress. Restored from the bucket and never
 * downloaded: "In S3 — download to keep a local copy".
 */
import { useState } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { formatBytes } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';
import { OffloadConfirm } from './OffloadCandidates.js';
import { useLocalCopy } from './use-local-copy.js';

export function LocalCopyControl({ session }: { session: Session }) {
  const { transport } = useServices();
  const { copy, progress, reload, setCopy } = useLocalCopy(session.id);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setBusy(false);
      await reload().catch(() => undefined);
    }
  };
  const offload = () =>
    act(async () => {
      const r = await transport.client.offload.offload({ id: session.id });
      setCopy('offloaded');
      toast.success(`Freed ${formatBytes(r.bytes_freed)}: the recording now plays from S3`);
    });
  const restore = () =>
    act(async () => {
      const r = await transport.client.offload.restoreLocal({ id: session.id });
      setCopy(r.job_id ? 'restoring' : 'present');
    });

  if (copy === 'offloaded' || copy === 'restoring' || copy === 'remote') {
    return (
      <div className="local-copy" data-testid="local-copy" data-state={copy}>
        <p className="local-copy-note" role="status" data-testid="held-in-s3">
          {copy === 'restoring'
            ? `Restoring the local copy from S3${progress !== null ? `: ${progress}%` : '…'}`
            : copy === 'remote'
              ? 'In S3 — download to keep a local copy'
              : 'Held in S3 only: the recording plays from your bucket.'}
        </p>
        {/* While restoring with no progress yet (queued, or stopped by a move to the trash) asking again is harmless:
            the server answers with the job already running. */}
        {copy !== 'restoring' || progress === null ? (
          <button type="button" className="button" disabled={busy} onClick={() => void restore()}>
            {copy === 'remote' ? 'Download' : 'Restore local copy'}
          </button>
        ) : null}
      </div>
    );
  }
  if (copy === 'present' && session.upload_state === 'synced') {
    return (
      <>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => setAsking(true)}
          data-testid="offload-button"
          title="Free the disk space of this recording; it stays in S3 and keeps playing from there"
        >
          Free local copy
        </button>
        {asking ? (
          <OffloadConfirm
            title={session.title}
            bytes={session.size}
            onClose={() => setAsking(false)}
            onConfirm={() => {
              setAsking(false);
              void offload();
            }}
          />
        ) : null}
      </>
    );
  }
  return null;
}
