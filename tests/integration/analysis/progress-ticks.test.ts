/**
 * Issue 22: an analysis's progress ticks (up to 10 a second per job) read and write no session row. A change of
 * the job's state reads the session once and writes it; between two, the library keeps the progress in memory
 * (`LiveProgress`) and sends the session on the event stream with it, and every read of the session (one session,
 * a page, the analysis status) shows it. Real SQLite; the job's events are published as the queue publishes them.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FilmroomEvent } from '../../../shared/contract/events.js';
import { sessionsContract } from '../../../shared/contract/sessions.js';
import { startFilmroom, type FilmroomApp } from '../../../main/composition/index.js';
import type { JobEvent } from '../../../main/jobs/index.js';
import { SessionsRepository } from '../../../main/library/index.js';
import { ADMIN } from '../../../main/platform/actor.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { tempDir } from '../../helpers/server.js';
import { addSession } from '../cleanup/fixtures.js';

let dir: string;
let app: FilmroomApp;
beforeAll(async () => {
  dir = tempDir('filmroom-progress-ticks-');
  app = await startFilmroom({ dataDir: dir, logger: silentLogger, recover: false, autoAnalyze: false });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every call of a `SessionsRepository` method (the library's session rows), by name. */
function countSessionCalls(): { calls: Map<string, number>; restore(): void } {
  const calls = new Map<string, number>();
  const proto = SessionsRepository.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const spies = Object.getOwnPropertyNames(proto)
    .filter(
      (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function',
    )
    .map((name) => {
      const original = proto[name]!;
      return vi.spyOn(proto, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return original.apply(this, args);
      });
    });
  return { calls, restore: () => spies.forEach((s) => s.mockRestore()) };
}

describe('analysis progress ticks', () => {
  it('read and write no session row, yet every read and the event stream show the latest progress', async () => {
    const { id } = addSession(app, Date.now(), { status: 'ready' });
    const queue = app.services.queue as unknown as { publish(event: JobEvent): void };
    const event = (state: JobEvent['state'], progress: number, tick?: true): JobEvent => ({
      type: 'job',
      jobId: 'job_ticks',
      jobType: 'analysis',
      sessionId: id,
      state,
      progress,
      message: '',
      error: null,
      ...(tick ? { tick } : {}),
    });
    const seen: FilmroomEvent[] = [];
    const unsubscribe = app.events.subscribe((e) => seen.push(e));
    const changes = () => app.db.prepare('SELECT total_changes()').pluck().get() as number;

    queue.publish(event('running', 2));
    expect(app.services.sessions.get(id)).toMatchObject({ status: 'processing', analysis_status: 'processing' });

    const counter = countSessionCalls();
    const before = changes();
    const ticks = 25;
    try {
      for (let i = 1; i <= ticks; i += 1) queue.publish(event('running', i * 3.75, true));
    } finally {
      counter.restore();
    }
    expect(Object.fromEntries(counter.calls), 'session repository calls during the ticks').toEqual({});
    expect(changes() - before, 'rows written on the library connection during the ticks').toBe(0);
    expect(app.services.sessions.get(id)?.analysis_progress).toBe(2); // the row keeps its state change's progress

    // What the ticks sent: the session, with each new progress.
    const sent = seen.flatMap((e) => (e.type === 'session.changed' && e.session.id === id ? [e.session] : []));
    const progress = sent.map((s) => s.analysis_progress);
    expect(progress.slice(-ticks)).toEqual(Array.from({ length: ticks }, (_, k) => Math.round((k + 1) * 37.5) / 10));
    expect(sent.at(-1)).toMatchObject({ status: 'processing', analysis_status: 'processing' });

    // Every read shows it: one session, a page, the analysis status.
    const latest = Math.round(ticks * 37.5) / 10;
    const ctx = { actor: ADMIN } as never;
    expect((await app.handlers.sessions.get({ id }, ctx)).analysis_progress).toBe(latest);
    const page = await app.handlers.sessions.list(sessionsContract.list.input.parse({}), ctx);
    expect(page.items.find((s: { id: string }) => s.id === id)?.analysis_progress).toBe(latest);
    expect(app.services.analysis.result(ADMIN, id).progress).toBe(latest);

    // The next change of state writes the row; nothing is held for the session any more.
    queue.publish(event('failed', 90));
    unsubscribe();
    expect(app.services.sessions.get(id)).toMatchObject({ analysis_status: 'failed', analysis_progress: 90 });
    expect((await app.handlers.sessions.get({ id }, ctx)).analysis_progress).toBe(90);
    const after = seen.length;
    const late = app.events.subscribe((e) => seen.push(e));
    queue.publish(event('running', 95, true)); // a late tick of the ended run: nothing sent, nothing shown
    late();
    expect(seen.slice(after).filter((e) => e.type === 'session.changed')).toEqual([]);
    expect((await app.handlers.sessions.get({ id }, ctx)).analysis_progress).toBe(90);
  });
});
