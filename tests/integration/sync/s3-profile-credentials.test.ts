/**
 * Headless credentials from an AWS profile (no keys in the environment): a `credential_process` profile whose
 * temporary credentials expire in 10 minutes. Backups work through the SDK's chain, and a download link asked for
 * an hour is capped at the credentials' remaining lifetime, with a warning.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_TEST_KEY, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads } from './sync-helpers.js';

let s3: S3TestServer;
let server: TestServer;
const home = tempDir('filmroom-aws-profile-');

beforeAll(async () => {
  s3 = await startS3Server();
  const script = join(home, 'creds.cjs');
  writeFileSync(
    script,
    `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: '${S3_TEST_KEY}', SecretAccessKey: 'temporary-secret', ` +
      `Expiration: new Date(Date.now() + 600000).toISOString() }));\n`,
  );
  writeFileSync(
    join(home, 'config'),
    `[profile filmroom-test]\nregion = us-east-1\ncredential_process = ${process.execPath} ${script}\n`,
  );
  // The SDK's default chain reads this process's environment: a profile, and no keys.
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[key];
  process.env.AWS_CONFIG_FILE = join(home, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');
  process.env.AWS_PROFILE = 'filmroom-test';
  const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...env } = s3.env();
  server = await startTestServer({ env: { ...process.env, ...env } });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

describe('AWS profile credentials', () => {
  it('back up through the profile, and cap a download link at the credentials expiry', async () => {
    const settings = (await server.api('/api/v1/settings/s3')).body;
    expect(settings).toMatchObject({ configured: true, access_key_id: null, has_secret: false });
    const s = seedSession(server.app, { size: 2048, title: 'Profile credentials' });
    expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);
    const items = await settledUploads(server, s.id);
    expect(items.map((u) => u.state)).toEqual(['completed', 'completed']);

    const link = await server.api(`/api/v1/recordings/download/${s.id}`, { query: { expires_in: 3600 } });
    expect(link.status).toBe(200);
    expect(link.body.expires_in).toBeLessThanOrEqual(600);
    expect(link.body.expires_in).toBeGreaterThan(500);
    expect(link.body.warning).toMatch(/credentials expire/);
    expect(new URL(link.body.url).searchParams.get('X-Amz-Expires')).toBe(String(link.body.expires_in));
    expect((await fetch(link.body.url)).status).toBe(200);
  }, 120_000);
});
