/**
 * "Verify backups" on a schedule (issue 18): off by default; set to weekly, a run starts in the job queue once a
 * week has passed on the (injected) clock, its results join the same history (trigger `schedule`), and the next run
 * is a week after it. The scheduler's longest sleep is shortened (FILMROOM_VERIFY_CHECK_MS) so moving the clock is
 * noticed within 100 ms; nothing sleeps a week.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, TestClock, type Loose, type TestServer } from '../../helpers/server.js';
import { backedUpSession } from '../cleanup/offload-helpers.js';
import { until } from './sync-helpers.js';

const DAY = 86_400_000;
let s3: S3TestServer;
let server: TestServer;
const clock = new TestClock(Date.parse('2026-03-02T10:00:00.000Z'));

beforeAll(async () => {
  s3 = await startS3Server();
  server = await startTestServer({ clock, env: { ...process.env, ...s3.env(), FILMROOM_VERIFY_CHECK_MS: '100' } });
  await backedUpSession(server.app, server, { size: 3000, title: 'Checked weekly' });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

const runs = async () => (await server.api('/api/v1/recordings/verify')).body.items as Loose[];
const scheduled = async () => (await runs()).filter((r) => r.trigger === 'schedule');

describe('verify backups on a schedule', () => {
  it('is off by default: no run however much time passes', async () => {
    const schedule = await server.api('/api/v1/recordings/verify/schedule');
    expect(schedule.status, schedule.text).toBe(200);
    expect(schedule.body).toEqual({ every_days: 0, sample_rehash: 0, next_run_at: null, last_run_at: null });
    clock.advanceDays(40);
    await sleep(500);
    expect(await runs()).toEqual([]);
  });

  it('refuses a bad interval with a clear 400', async () => {
    const bad = await server.api('/api/v1/recordings/verify/schedule', { method: 'PUT', json: { every_days: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/every_days/);
  });

  it('weekly: runs in the queue a week later, kept in the history, and shows the next run', async () => {
    const set = await server.api('/api/v1/recordings/verify/schedule', {
      method: 'PUT',
      json: { every_days: 7, sample_rehash: 100 },
    });
    expect(set.status, set.text).toBe(200);
    const setAt = clock.now().getTime();
    expect(set.body).toMatchObject({ every_days: 7, sample_rehash: 100, last_run_at: null });
    expect(Date.parse(set.body.next_run_at)).toBe(setAt + 7 * DAY);

    clock.advanceDays(6);
    await sleep(500);
    expect(await scheduled()).toEqual([]); // not yet due

    clock.advanceDays(1);
    const [run] = await until(async () => {
      const done = (await scheduled()).filter((r) => r.finished_at !== null);
      return done.length > 0 ? done : undefined;
    }, 60_000);
    expect(run).toMatchObject({ trigger: 'schedule', sample_rehash: 100, missing: [], changed: [], error: null });
    expect(run.checked).toBeGreaterThan(0);
    expect(run.ok).toBe(run.checked);

    const after = (await server.api('/api/v1/recordings/verify/schedule')).body;
    expect(after.last_run_at).toBe(run.started_at);
    expect(Date.parse(after.next_run_at)).toBe(Date.parse(run.started_at) + 7 * DAY);

    clock.advanceDays(3);
    await sleep(500);
    expect(await scheduled()).toHaveLength(1); // one run per week, not one per check
  }, 120_000);

  it('turned off, it shows no next run and runs no more', async () => {
    const off = await server.api('/api/v1/recordings/verify/schedule', { method: 'PUT', json: { every_days: 0 } });
    expect(off.body.next_run_at).toBeNull();
    clock.advanceDays(30);
    await sleep(500);
    expect(await scheduled()).toHaveLength(1);
  });
});
