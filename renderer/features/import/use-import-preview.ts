/** Asks the server what an absolute path would import, once typing pauses; stale answers are dropped. */
import { useEffect, useRef, useState } from 'react';
import type { ImportPreview } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';

export type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; path: string; preview: ImportPreview }
  | { kind: 'error'; message: string };

const DELAY_MS = 400;

export function isAbsolutePath(path: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path.trim());
}

export function useImportPreview(path: string): PreviewState {
  const { transport } = useServices();
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    const trimmed = path.trim();
    if (!isAbsolutePath(trimmed)) {
      setState({ kind: 'idle' });
      return;
    }
    setState({ kind: 'loading' });
    const timer = setTimeout(() => {
      transport.client.sessions
        .previewImport({ path: trimmed })
        .then((preview) => mine === generation.current && setState({ kind: 'ready', path: trimmed, preview }))
        .catch(
          (error: unknown) => mine === generation.current && setState({ kind: 'error', message: errorMessage(error) }),
        );
    }, DELAY_MS);
    return () => clearTimeout(timer);
  }, [path, transport]);

  return state;
}
