/** Live FilmroomEvents from either transport: SSE over `fetch` (HTTP) or `window.api.on` (IPC). */
import { EVENTS_PATH, type FilmroomEvent } from '../../shared/contract/index.js';
import type { FilmroomBridge } from './bridge.js';
import { backoffDelay, parseFilmroomEvent, SseParser } from './sse-parser.js';

export interface EventHandlers {
  onEvent(event: FilmroomEvent): void;
  /** Connected (again): events may have been missed while down, so the UI reloads what it shows. */
  onConnected?(reconnect: boolean): void;
  onDisconnected?(): void;
}

export type SubscribeEvents = (handlers: EventHandlers, signal: AbortSignal) => void;

export function ipcEvents(bridge: Pick<FilmroomBridge, 'on'>): SubscribeEvents {
  return (handlers, signal) => {
    bridge.on('event', (event) => handlers.onEvent(event), { signal });
    handlers.onConnected?.(false);
  };
}

export interface HttpEventOptions {
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  delay?: (attempt: number) => number;
}

export function httpEvents({
  baseUrl,
  token,
  fetch: fetchImpl = globalThis.fetch.bind(globalThis),
  delay = backoffDelay,
}: HttpEventOptions): SubscribeEvents {
  return (handlers, signal) => {
    void (async () => {
      let attempt = 0;
      let connectedBefore = false;
      while (!signal.aborted) {
        try {
          const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}${EVENTS_PATH}`, {
            headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            signal,
          });
          if (response.ok && response.body) {
            handlers.onConnected?.(connectedBefore);
            connectedBefore = true;
            attempt = 0;
            await readStream(response.body, handlers, signal);
          }
        } catch {
          // Dropped connection or server gone: fall through to the backoff and try again.
        }
        if (signal.aborted) return;
        handlers.onDisconnected?.();
        await sleep(delay(attempt++), signal);
      }
    })();
  };
}

async function readStream(
  body: ReadableStream<Uint8Array>,
  handlers: EventHandlers,
  signal: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      // stream: true keeps a UTF-8 sequence split across chunks intact.
      for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
        const event = parseFilmroomEvent(message);
        if (event) handlers.onEvent(event);
      }
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
