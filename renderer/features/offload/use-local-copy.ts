/**
 * Where a session's recording is: in the library, held in S3 only (offloaded), or being restored (with the
 * restore job's progress). Read from the single-session route (list events carry no files) and refreshed when the
 * session changes or its restore job reports.
 */
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../app/services.js';

export type LocalCopy = 'present' | 'offloaded' | 'restoring' | 'remote';
export const RESTORE_JOB_TYPE = 's3.restore-local';

export function useLocalCopy(sessionId: string) {
  const { transport, events } = useServices();
  const [copy, setCopy] = useState<LocalCopy | null>(null);
  const [progress, setProgress] = useState<number | null>(null);

  const reload = useCallback(async () => {
    const session = await transport.client.sessions.get({ id: sessionId });
    const recording = session.files?.find((f) => f.kind === 'recording');
    setCopy(recording ? (recording.local_copy ?? 'present') : null);
  }, [transport, sessionId]);

  useEffect(() => {
    void reload().catch(() => setCopy(null));
  }, [reload]);

  useEffect(
    () =>
      events.subscribe((event) => {
        if (event.type === 'session.changed' && event.session.id === sessionId) void reload().catch(() => undefined);
        if (event.type === 'job.progress' && event.session_id === sessionId && event.job_type === RESTORE_JOB_TYPE) {
          setProgress(event.state === 'running' ? event.progress : null);
          if (event.state !== 'running' && event.state !== 'queued') void reload().catch(() => undefined);
        }
      }),
    [events, sessionId, reload],
  );

  return { copy, progress, reload, setCopy };
}
