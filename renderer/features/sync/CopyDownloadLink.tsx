/** "Copy download link" in the review: a presigned GET of the recording in S3 (valid for an hour). */
import { useState } from 'react';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';

export function CopyDownloadLink({ sessionId }: { sessionId: string }) {
  const { transport } = useServices();
  const [link, setLink] = useState<string | null>(null);
  const copy = async () => {
    try {
      const { url, expires_in } = await transport.client.recordings.download({ session_id: sessionId });
      setLink(url);
      await navigator.clipboard?.writeText(url).catch(() => undefined);
      toast.success(`Download link copied (valid ${Math.round(expires_in / 60)} minutes)`);
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };
  return (
    <>
      <button type="button" className="button" onClick={() => void copy()} data-testid="copy-download-link">
        Copy download link
      </button>
      {link ? (
        <input
          className="visually-hidden"
          readOnly
          value={link}
          data-testid="download-link"
          aria-label="Download link"
        />
      ) : null}
    </>
  );
}
