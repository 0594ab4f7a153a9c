import { describe, expect, it, vi } from 'vitest';
import type { FilmroomEvent } from '../../../shared/contract/index.js';
import { httpEvents } from '../../../renderer/api/event-stream.js';
import { backoffDelay, parseFilmroomEvent, SseParser } from '../../../renderer/api/sse-parser.js';

const deleted: FilmroomEvent = { type: 'session.deleted', id: 'ses_1', coach_id: 'c' };

describe('SseParser', () => {
  it('parses the server format: comment, event, data, blank line', () => {
    const parser = new SseParser();
    const messages = parser.feed(`: connected\n\nevent: session.deleted\ndata: ${JSON.stringify(deleted)}\n\n`);
    expect(messages).toEqual([{ event: 'session.deleted', data: JSON.stringify(deleted), id: null }]);
  });

  it('holds a message split anywhere across chunks, including inside \\r\\n', () => {
    const text = `data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const got = [...parser.feed(text.slice(0, cut)), ...parser.feed(text.slice(cut))].map((m) => m.data);
      expect(got, `cut at ${cut}`).toEqual(['{"a":1}', '{"b":2}']);
    }
  });

  it('joins multi-line data with newlines and defaults the event name', () => {
    const [message] = new SseParser().feed('data: one\ndata:two\nid: 7\n\n');
    expect(message).toEqual({ event: 'message', data: 'one\ntwo', id: '7' });
  });

  it('dispatches nothing for a blank line without data', () => {
    expect(new SseParser().feed('event: x\n\n: ping\n\n')).toEqual([]);
  });
});

describe('parseFilmroomEvent', () => {
  it('accepts known event types and ignores the rest', () => {
    expect(parseFilmroomEvent({ event: 'm', data: JSON.stringify(deleted), id: null })).toEqual(deleted);
    expect(parseFilmroomEvent({ event: 'm', data: '{"type":"future.thing"}', id: null })).toBeNull();
    expect(parseFilmroomEvent({ event: 'm', data: 'not json', id: null })).toBeNull();
    expect(parseFilmroomEvent({ event: 'm', data: '42', id: null })).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to 30 s, with at most 20% jitter', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(backoffDelay(0, () => 1)).toBe(600);
  });
});

describe('httpEvents', () => {
  it('sends the bearer token, delivers events, and reconnects after the stream ends', async () => {
    const encoder = new TextEncoder();
    const stream = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          // Split mid-message to exercise the parser across reads.
          controller.enqueue(encoder.encode(text.slice(0, 10)));
          controller.enqueue(encoder.encode(text.slice(10)));
          controller.close();
        },
      });
    const fetch = vi.fn(async () => new Response(stream(`data: ${JSON.stringify(deleted)}\n\n`)));
    const controller = new AbortController();
    const events: FilmroomEvent[] = [];
    const connects: boolean[] = [];
    httpEvents({ baseUrl: 'http://h', token: 'tok', fetch, delay: () => 0 })(
      {
        onEvent: (e) => {
          events.push(e);
          if (events.length === 2) controller.abort();
        },
        onConnected: (again) => connects.push(again),
      },
      controller.signal,
    );
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(connects).toEqual([false, true]);
    expect(fetch).toHaveBeenCalledWith(
      'http://h/api/v1/events',
      expect.objectContaining({ headers: { accept: 'text/event-stream', authorization: 'Bearer tok' } }),
    );
  });
});
