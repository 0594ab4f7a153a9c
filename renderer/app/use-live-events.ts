/** Subscribes the stores to live events for the app's lifetime; reloads after a reconnect (events were missed). */
import { useEffect, useState } from 'react';
import type { Services } from './services.js';

export type LiveState = 'connecting' | 'live' | 'offline';

export function useLiveEvents({ transport, library, stats, events, imports }: Services): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const controller = new AbortController();
    transport.subscribeEvents(
      {
        onEvent(event) {
          library.getState().applyEvent(event);
          imports.getState().applyEvent(event);
          events.emit(event);
          if (event.type.startsWith('session.')) stats.getState().refresh();
        },
        onConnected(reconnect) {
          setState('live');
          if (reconnect) {
            void library.getState().reload();
            stats.getState().refresh();
          }
        },
        onDisconnected() {
          setState('offline');
        },
      },
      controller.signal,
    );
    return () => controller.abort();
  }, [transport, library, stats, events, imports]);
  return state;
}
