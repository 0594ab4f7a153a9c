/** In-process publish/subscribe for FilmroomEvents; the IPC and SSE transports are subscribers. */
import type { FilmroomEvent } from '../../shared/contract/events.js';

export type EventListener = (event: FilmroomEvent) => void;

export class EventBus {
  readonly #listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: FilmroomEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber (a closed socket) must not stop the others or the service that emitted.
      }
    }
  }
}
