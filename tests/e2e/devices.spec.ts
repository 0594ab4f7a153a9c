/**
 * One library on two devices in Chromium (issue 20): another library (its own server and data folder, same s3rver
 * bucket) syncs with other devices; this one turns "Sync this library with other devices" on in Settings, sees the
 * other device in the panel, receives its session through the bucket, and an edit made on the other device shows
 * in this library's table without a reload (poll + event stream).
 */
import { expect, test } from './fixtures/test.js';
import { importAndBackUp } from './fixtures/backed-up.js';
import { S3_TEST_KEY, S3_TEST_SECRET, startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s3: S3TestServer;
let other: TestServer;
let shared = '';

test.beforeAll(async () => {
  test.setTimeout(150_000);
  s3 = await startS3Server('filmroom-e2e-devices');
  other = await startTestServer({ env: { ...process.env, ...s3.env() } });
  const on = await other.api('/api/v1/devices/settings', {
    method: 'PUT',
    json: { enabled: true, device_name: 'Dana’s laptop', poll_seconds: 1 },
  });
  expect(on.status, on.text).toBe(200);
  shared = await importAndBackUp(other, 'Made on the laptop');
});
test.afterAll(async () => {
  await other?.close();
  await s3?.stop();
});

test.use({
  seedSessions: 0,
  serverEnv: { AWS_ACCESS_KEY_ID: S3_TEST_KEY, AWS_SECRET_ACCESS_KEY: S3_TEST_SECRET, AWS_REGION: 'us-east-1' },
});

test('turn sync on in Settings → the other device and its session arrive → its edit shows live', async ({
  library,
  api,
  page,
}) => {
  test.setTimeout(120_000);
  await api.sync.updateSettings({ endpoint: s3.endpoint, bucket: s3.bucket, force_path_style: true });
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByTestId('devices-settings');
  // The box shows the stored setting: it is ticked once the server has saved it.
  await panel.getByTestId('devices-enabled').click();
  await expect(panel.getByTestId('devices-enabled')).toBeChecked();
  await expect(panel.getByTestId('devices-sync-now')).toBeVisible();
  await expect(panel.getByTestId('device-row').filter({ hasText: 'Dana’s laptop' })).toContainText('last synced', {
    timeout: 30_000,
  });
  await expect(panel.getByTestId('device-row').first()).toContainText('(this device)');
  await expect(panel.getByTestId('devices-error')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Library' }).click();
  await expect(library.row(shared)).toContainText('Made on the laptop', { timeout: 30_000 });

  const edited = await other.api(`/api/v1/sessions/${shared}`, {
    method: 'PATCH',
    json: { title: 'Renamed on the laptop' },
  });
  expect(edited.status, edited.text).toBe(200);
  await expect(library.row(shared)).toContainText('Renamed on the laptop', { timeout: 30_000 });
  expect((await api.sessions.get({ id: shared })).title).toBe('Renamed on the laptop');
});
