/** Fan-out of live events to the views that need more than the library store (review, import progress). */
import type { FilmroomEvent } from '../../shared/contract/index.js';

export type EventListener = (event: FilmroomEvent) => void;

export interface EventBus {
  emit(event: FilmroomEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          console.error('event listener failed', error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
