/**
 * Storage debts left by earlier deletes are retried by the orphaned-files cleanup (a file inside the library goes, a
 * location outside it never does and keeps its debt), and unreadable environment values fall back instead of
 * stopping the app.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDir, TestClock, type TestServer } from '../../helpers/server.js';

const clock = new TestClock(Date.now());
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    clock,
    env: {
      ...process.env,
      CLEANUP_SCHEDULE_HOUR: '25',
      ORPHANED_FILE_RETENTION_HOURS: 'soon',
      AUTO_CLEANUP_ON_STARTUP: '0',
    },
  });
});
afterAll(async () => {
  await server.close();
});

describe('storage debts', () => {
  it('retries local debts inside the library, refuses ones outside it, and leaves S3 debts for when S3 exists', async () => {
    const lib = server.app.paths.libraryDir;
    const inside = join(lib, 'locked-earlier.bin');
    writeFileSync(inside, 'left behind by a delete');
    const outsideDir = tempDir('filmroom-debt-outside-');
    const outside = join(outsideDir, 'not-ours.bin');
    writeFileSync(outside, 'must survive');
    const add = server.app.db.prepare(
      `INSERT INTO storage_debts (session_id, target, location, last_error, created_at, updated_at)
       VALUES ('ses_gone', ?, ?, 'EBUSY', '2026-01-01', '2026-01-01')`,
    );
    add.run('local', inside);
    add.run('local', outside);
    add.run('s3', 'filmroom/ses_gone/recording.mp4');

    const dry = await server.api('/api/admin/cleanup/orphaned-files', { method: 'POST', query: { dry_run: true } });
    expect(dry.body.storage_debts_settled).toBe(1); // what the real run will settle
    expect(existsSync(inside)).toBe(true);

    const real = await server.api('/api/admin/cleanup/orphaned-files', { method: 'POST' });
    expect(real.status).toBe(200);
    expect(real.body.storage_debts_settled).toBe(1);
    expect(existsSync(inside)).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(real.body.errors).toEqual([`file ${outside}: outside the library folder`]);
    const left = server.app.db.prepare('SELECT target, location, attempts FROM storage_debts ORDER BY id').all();
    expect(left).toEqual([
      { target: 'local', location: outside, attempts: 2 },
      { target: 's3', location: 'filmroom/ses_gone/recording.mp4', attempts: 1 },
    ]);
  });
});

describe('environment values', () => {
  it('an unreadable value falls back to the stored setting or default, a valid one wins', async () => {
    const res = await server.api('/api/admin/cleanup/config');
    expect(res.body.cleanup_schedule_hour).toBe(3);
    expect(res.body.source.cleanup_schedule_hour).toBe('default');
    expect(res.body.orphaned_file_retention_hours).toBe(24);
    expect(res.body.source.orphaned_file_retention_hours).toBe('default');
    expect(res.body.auto_cleanup_on_startup).toBe(false);
    expect(res.body.source.auto_cleanup_on_startup).toBe('env');
  });
});
