/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream rules we need: `data`, `event`, `id`,
 * comments, any line ending). EventSource cannot send the bearer header, so the renderer reads the stream with
 * `fetch` and feeds its text here chunk by chunk; a message split across chunks is held until its blank line.
 */
import { EVENT_TYPES, type FilmroomEvent } from '../../shared/contract/index.js';

export interface SseMessage {
  event: string;
  data: string;
  id: string | null;
}

export class SseParser {
  #buffer = '';
  #data: string[] = [];
  #event = '';
  #id: string | null = null;

  /** Feed decoded text; returns the messages completed by it. */
  feed(chunk: string): SseMessage[] {
    let text = this.#buffer + chunk;
    // A trailing '\r' may be the first half of a '\r\n' split across chunks: hold it until the next chunk.
    const held = text.endsWith('\r') ? '\r' : '';
    if (held) text = text.slice(0, -1);
    const messages: SseMessage[] = [];
    const lines = text.split(/\r\n|\r|\n/);
    // The last piece has no line ending yet (or is '' right after one).
    this.#buffer = (lines.pop() ?? '') + held;
    for (const line of lines) {
      const message = this.#line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  #line(line: string): SseMessage | null {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    return null;
  }

  #dispatch(): SseMessage | null {
    const message =
      this.#data.length > 0 ? { event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id } : null;
    this.#data = [];
    this.#event = '';
    return message;
  }
}

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);

/** The FilmroomEvent in a message's data, or null for anything else (unknown types are ignored, not errors). */
export function parseFilmroomEvent(message: SseMessage): FilmroomEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && KNOWN_TYPES.has(type) ? (value as FilmroomEvent) : null;
}

/** Reconnect delay: 0.5 s doubling to 30 s, with up to 20% jitter so many windows do not reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.2 * random()));
}
