/** GET /api/v1/events: Server-Sent Events from the event bus, filtered to what the token may see. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FilmroomEvent } from '../../shared/contract/events.js';
import type { Actor } from '../platform/actor.js';
import type { EventBus } from '../platform/event-bus.js';

export function eventCoach(event: FilmroomEvent): string | undefined {
  return 'session' in event ? event.session.coach_id : 'coach_id' in event ? event.coach_id : undefined;
}

export function formatSse(event: FilmroomEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function streamEvents(request: FastifyRequest, reply: FastifyReply, bus: EventBus, actor: Actor): void {
  reply.hijack();
  const res = reply.raw;
  const headers = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  };
  // HEAD (Fastify derives it from GET) gets the headers and an end: a stream it may not read would never close.
  if (request.method === 'HEAD') {
    res.writeHead(200, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, connection: 'keep-alive' });
  res.write(': connected\n\n');
  const unsubscribe = bus.subscribe((event) => {
    if (actor.role === 'coach' && eventCoach(event) !== actor.coachId) return;
    res.write(formatSse(event));
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  heartbeat.unref();
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
