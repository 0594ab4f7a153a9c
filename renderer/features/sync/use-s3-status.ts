/**
 * Whether backups can run, for actions that need S3: `configured`, `unconfigured` (the reason to show), or `unknown`
 * (a coach token may not read the admin settings; the server then answers each backup for itself).
 */
import { useEffect, useState } from 'react';
import { ApiError } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';

export type S3Status = 'checking' | 'configured' | 'unconfigured' | 'unknown';

export function useS3Status(): S3Status {
  const { transport } = useServices();
  const [status, setStatus] = useState<S3Status>('checking');
  useEffect(() => {
    let live = true;
    transport.client.sync
      .getSettings({})
      .then((view) => live && setStatus(view.configured ? 'configured' : 'unconfigured'))
      .catch((error: unknown) => {
        if (!live) return;
        setStatus(error instanceof ApiError && error.status === 409 ? 'unconfigured' : 'unknown');
      });
    return () => {
      live = false;
    };
  }, [transport]);
  return status;
}
