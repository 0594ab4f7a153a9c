/** Live byte progress of a session's uploads, from `upload.progress` events (the server sends ≤ 10/s each). */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services.js';

export interface UploadProgress {
  bytesSent: number;
  bytesTotal: number;
  state: string;
}

/** The session's uploads in flight summed: what its Upload cell shows as a bar. */
export function useSessionUploadProgress(sessionId: string): UploadProgress | null {
  const { events } = useServices();
  const [byUpload, setByUpload] = useState<Record<string, UploadProgress>>({});
  useEffect(
    () =>
      events.subscribe((event) => {
        if (event.type !== 'upload.progress' || event.session_id !== sessionId) return;
        setByUpload((prev) => ({
          ...prev,
          [event.upload_id]: { bytesSent: event.bytes_sent, bytesTotal: event.bytes_total, state: event.state },
        }));
      }),
    [events, sessionId],
  );
  const active = Object.values(byUpload).filter((u) => u.state === 'uploading' || u.state === 'queued');
  if (active.length === 0) return null;
  return {
    bytesSent: active.reduce((a, u) => a + u.bytesSent, 0),
    bytesTotal: active.reduce((a, u) => a + u.bytesTotal, 0),
    state: 'uploading',
  };
}
