/**
 * Job events on the bus are addressed to the coach whose session it is (issue 22): the jobs module asks the library
 * at each change of a job's state, not at every progress tick (up to 10 a second per job), and a session that is
 * gone or going hears nothing more.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FilmroomEvent } from '../../../shared/contract/events.js';
import { openDatabase, type WorkDb } from '../../../main/db/index.js';
import { createJobsModule, defineJobType, jobRegistration } from '../../../main/jobs/index.js';
import { systemClock } from '../../../main/platform/clock.js';
import { EventBus } from '../../../main/platform/event-bus.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-job-coach-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('job events', () => {
  it('ask whose session it is once per state, not per progress tick', async () => {
    const db = await openDatabase(join(dir, 'work.db'));
    db.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
       VALUES ('ses_a', 't', 'ready', 'local', 'coach_a', '2026-01-01', '2026-01-01', '2026-01-01', 5)`,
    ).run();
    const events = new EventBus();
    const seen: FilmroomEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const asked: string[] = [];
    const coaches = new Map([['ses_a', 'coach_a']]);
    const jobs = createJobsModule({
      workDb: db as unknown as WorkDb,
      events,
      clock: systemClock,
      logger: silentLogger,
      coachOf: (id) => (asked.push(id), coaches.get(id) ?? null),
    });
    const type = defineJobType({ name: 'ticks', payload: z.object({ n: z.number() }) });
    jobs.queue.register(
      jobRegistration(type, async ({ job, reportProgress }) => {
        for (let i = 1; i <= job.payload.n; i++) {
          reportProgress((i * 100) / job.payload.n);
          await sleep(120); // past the 100 ms throttle: every tick is published
          if (i === 4) coaches.delete('ses_a'); // the session goes while the job runs
        }
        return { status: 'done' };
      }),
    );
    try {
      jobs.start();
      jobs.queue.enqueue(type, { n: 8 }, { sessionId: 'ses_a' });
      await jobs.queue.waitForIdle();
      const ticks = seen.filter((e) => e.type === 'job.progress' && e.state === 'running');
      expect(ticks.length).toBeGreaterThanOrEqual(5);
      expect(ticks.every((e) => e.type === 'job.progress' && e.coach_id === 'coach_a')).toBe(true);
      // queued, running (its first tick may come first), done: whatever the number of ticks (before: one per tick).
      expect(asked.length).toBeLessThanOrEqual(4);
      // The session went while it ran: its `done` is not sent to anyone.
      expect(seen.some((e) => e.type === 'job.progress' && e.state === 'done')).toBe(false);
    } finally {
      await jobs.stop();
      db.close();
    }
  });
});
