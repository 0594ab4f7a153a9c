/**
 * S3 settings and the unconfigured state: every S3 route answers 409 without a bucket, bad settings answer 400
 * naming the field, headless refuses to store a secret, and the secret never reaches the database, the log or an
 * answer. "Test connection" against the real S3 test server.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_TEST_SECRET, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads } from './sync-helpers.js';

let s3: S3TestServer;
let plain: TestServer;
let configured: TestServer;
let log = '';
const answers: string[] = [];

async function call(server: TestServer, path: string, options: Loose = {}) {
  const res = await server.api(path, options);
  answers.push(res.text);
  return res;
}

beforeAll(async () => {
  s3 = await startS3Server();
  const { AWS_S3_BUCKET: _b, AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...env } = process.env;
  plain = await startTestServer({ env });
  const sink = new Writable({
    write(chunk, _enc, done) {
      log += chunk.toString();
      done();
    },
  });
  configured = await startTestServer({
    env: { ...process.env, ...s3.env() },
    logger: pino({ level: 'trace' }, sink),
  });
}, 60_000);
afterAll(async () => {
  await plain?.close();
  await configured?.close();
  await s3?.stop();
});

describe('unconfigured', () => {
  it('answers 409 "S3 is not configured" on every S3 route, and reports configured: false', async () => {
    const settings = await call(plain, '/api/v1/settings/s3');
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ configured: false, bucket: null, has_secret: false, prefix: 'recordings/' });
    const s = seedSession(plain.app, { size: 1024 });
    const routes: [string, string, unknown?][] = [
      ['POST', '/api/v1/settings/s3/test'],
      ['POST', `/api/v1/sessions/${s.id}/sync`],
      ['GET', `/api/v1/sessions/${s.id}/uploads`],
      ['GET', '/api/v1/uploads'],
      ['POST', '/api/v1/uploads/upl_x/pause'],
      ['POST', '/api/v1/uploads/upl_x/resume'],
      ['POST', '/api/v1/uploads/upl_x/cancel'],
      [
        'POST',
        '/api/v1/recordings/presigned-upload-url',
        { session_id: s.id, filename: 'a.mp4', content_type: 'video/mp4' },
      ],
      ['POST', '/api/v1/recordings/confirm-upload/upl_x'],
      ['POST', '/api/v1/recordings/sync-bucket'],
      ['GET', `/api/v1/recordings/download/${s.id}`],
      ['DELETE', `/api/v1/recordings/recording/${s.id}`],
    ];
    for (const [method, path, json] of routes) {
      const res = await call(plain, path, { method, json });
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 409,
        body: { error: 'S3 is not configured', code: 409 },
      });
    }
  });
});

describe('settings', () => {
  it('validates settings and names the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ bucket: 'Not_A_Bucket' }, 'bucket'],
      [{ concurrency: 0 }, 'concurrency'],
      [{ part_size_mb: 2 }, 'part_size_mb'],
      [{ endpoint: 'ftp://example' }, 'endpoint'],
      [{ sse: 'aws:kms' }, 'sse'],
      [{ region: 'EU WEST' }, 'region'],
    ];
    for (const [json, field] of cases) {
      const res = await call(plain, '/api/v1/settings/s3', { method: 'PUT', json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.field ?? res.body.error).toContain(field);
    }
  });

  it('headless refuses to store a secret; stored settings apply below the environment', async () => {
    const refused = await call(plain, '/api/v1/settings/s3', {
      method: 'PUT',
      json: { bucket: 'my-bucket', secret_access_key: 'do-not-store-me' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('secret_access_key');
    const stored = await call(plain, '/api/v1/settings/s3', {
      method: 'PUT',
      json: { bucket: 'my-bucket', prefix: 'coaching', concurrency: 6 },
    });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ configured: true, bucket: 'my-bucket', prefix: 'coaching/', concurrency: 6 });
    expect(stored.body.source).toMatchObject({ bucket: 'settings', prefix: 'settings', region: 'default' });

    const env = await call(configured, '/api/v1/settings/s3', { method: 'PUT', json: { bucket: 'other-bucket' } });
    expect(env.body).toMatchObject({ bucket: s3.bucket, has_secret: true });
    expect(env.body.source).toMatchObject({ bucket: 'env', endpoint: 'env', secret_access_key: 'env' });
  });

  it('tests the connection with a probe object', async () => {
    const ok = await call(configured, '/api/v1/settings/s3/test', { method: 'POST' });
    expect(ok.body).toMatchObject({ ok: true, error: null });
    expect(ok.body.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('tests candidate settings without saving them, whether the test passes or fails', async () => {
    // Credentials from the environment, no bucket anywhere yet (as a coach setting up backups headless).
    const { AWS_S3_BUCKET: _b, AWS_ENDPOINT_URL_S3: _e, ...creds } = { ...process.env, ...s3.env() };
    const fresh = await startTestServer({ env: creds as NodeJS.ProcessEnv });
    try {
      const before = (await call(fresh, '/api/v1/settings/s3')).body;
      expect(before).toMatchObject({ configured: false, can_store_secret: false });
      const good = { endpoint: s3.endpoint, bucket: s3.bucket, force_path_style: true };
      const passed = await call(fresh, '/api/v1/settings/s3/test', { method: 'POST', json: good });
      expect(passed.body).toMatchObject({ ok: true, error: null });
      const failed = await call(fresh, '/api/v1/settings/s3/test', {
        method: 'POST',
        json: { ...good, endpoint: 'http://127.0.0.1:9' },
      });
      expect(failed.body.ok).toBe(false);
      expect(failed.body.error).toBeTruthy();
      expect((await call(fresh, '/api/v1/settings/s3')).body).toEqual(before);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('never writes the secret to the database, the log or an answer', async () => {
    const s = seedSession(configured.app, { size: 9 * 1024 * 1024 });
    await call(configured, `/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    expect((await settledUploads(configured, s.id)).every((u: Loose) => u.state === 'completed')).toBe(true);
    await call(configured, `/api/v1/recordings/download/${s.id}`);
    configured.app.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = readFileSync(configured.app.paths.database).toString('latin1');
    expect(dbBytes).not.toContain(S3_TEST_SECRET);
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(S3_TEST_SECRET);
    expect(answers.join('\n')).not.toContain(S3_TEST_SECRET);
  }, 120_000);

  it("a coach token sees only its own coach's uploads; settings are admin-only", async () => {
    const s = seedSession(configured.app, { size: 4096, title: 'Default coach only' });
    await call(configured, `/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    await settledUploads(configured, s.id);
    const coach = configured.app.tokens.createCoachToken('someone-else');
    expect((await call(configured, `/api/v1/sessions/${s.id}/uploads`, { token: coach })).status).toBe(404);
    const queue = await call(configured, '/api/v1/uploads', { token: coach });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual([]);
    expect((await call(configured, '/api/v1/settings/s3', { token: coach })).status).toBe(403);
    expect((await call(configured, '/api/v1/recordings/sync-bucket', { method: 'POST', token: coach })).status).toBe(
      403,
    );
    const admin = await call(configured, '/api/v1/uploads');
    expect(admin.body.items.map((u: Loose) => u.session_id)).toContain(s.id);
  }, 120_000);
});
