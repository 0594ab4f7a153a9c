/**
 * "Free up space" in the storage view: the sessions backed up and verified in S3 whose local copies can go, oldest
 * first, with the bytes each frees and in total. Hidden while S3 is not configured (nothing can be offloaded).
 */
import { useCallback, useEffect, useState } from 'react';
import type { OffloadCandidate } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { errorMessage } from '../../lib/error-message.js';
import { formatBytes, formatDateTime } from '../../lib/format.js';
import { toast } from '../../stores/toast-store.js';

const SHOWN = 20;

export function OffloadCandidates({ onOffloaded }: { onOffloaded(): void }) {
  const { transport } = useServices();
  const [list, setList] = useState<{ items: OffloadCandidate[]; bytes: number } | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState<OffloadCandidate | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await transport.client.offload.candidates({}));
    } catch {
      setUnavailable(true); // S3 not configured (409): no offload to suggest
    }
  }, [transport]);
  useEffect(() => void load(), [load]);

  if (unavailable || !list) return null;
  const offload = async (id: string) => {
    setBusy(id);
    try {
      const r = await transport.client.offload.offload({ id });
      toast.success(`Freed ${formatBytes(r.bytes_freed)}`);
      onOffloaded();
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setBusy(null);
      await load();
    }
  };
  return (
    <section className="offload-candidates" aria-labelledby="offload-title" data-testid="offload-candidates">
      <h3 id="offload-title">Free up space</h3>
      <p className="muted small" data-testid="offload-total">
        {list.items.length === 0
          ? 'No backed-up recording to offload.'
          : `${list.items.length} backed-up session(s): ${formatBytes(list.bytes)} can be freed. They stay in the library and play from S3.`}
      </p>
      {list.items.length > 0 ? (
        <ul className="offload-list">
          {list.items.slice(0, SHOWN).map((c) => (
            <li key={c.id} className="offload-row" data-testid="offload-row" data-id={c.id}>
              <span className="offload-title">{c.title}</span>
              <span className="muted small">{formatDateTime(c.recorded_at)}</span>
              <span className="muted small">{formatBytes(c.bytes)}</span>
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                onClick={() => setAsking(c)}
                aria-label={`Offload ${c.title}`}
              >
                Free local copy
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {asking ? (
        <OffloadConfirm
          title={asking.title}
          bytes={asking.bytes}
          onClose={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            void offload(asking.id);
          }}
        />
      ) : null}
    </section>
  );
}

/** "Free the local copy?": the recording leaves this disk and plays from S3 (restorable later). */
export function OffloadConfirm({
  title,
  bytes,
  onConfirm,
  onClose,
}: {
  title: string;
  bytes: number | null;
  onConfirm(): void;
  onClose(): void;
}) {
  return (
    <ConfirmDialog
      title="Free the local copy?"
      confirmLabel="Free local copy"
      danger={false}
      onConfirm={onConfirm}
      onClose={onClose}
      testId="offload-confirm"
    >
      <p>
        <strong>{title}</strong>
        {bytes !== null ? ` (${formatBytes(bytes)})` : ''}
      </p>
      <p>
        The recording is deleted from this computer. It stays in the library, backed up in S3, and plays from there;
        “Restore local copy” in its review downloads it again.
      </p>
    </ConfirmDialog>
  );
}
