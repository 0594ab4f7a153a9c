/**
 * S3 backup in the UI against a real S3-protocol server (s3rver, own process) behind a slow proxy: configure the
 * store in "S3 backup…", Test connection, back up a session from its row with visible progress, see it in the
 * uploads panel, and copy a working download link in the review. Credentials come from the environment, as for
 * any headless `filmroom serve`.
 */
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startFaultProxy, type FaultProxy } from '../helpers/s3-fault-proxy.js';
import { S3_TEST_KEY, S3_TEST_SECRET, startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { GOOD_VIDEO } from './fixtures/media.js';
import { expect, test } from './fixtures/test.js';

let s3: S3TestServer;
let proxy: FaultProxy;

test.beforeAll(async () => {
  s3 = await startS3Server('filmroom-e2e');
  proxy = await startFaultProxy(s3.endpoint);
});
test.afterAll(async () => {
  await proxy?.close();
  await s3?.stop();
});

test.use({
  seedSessions: 0,
  serverEnv: { AWS_ACCESS_KEY_ID: S3_TEST_KEY, AWS_SECRET_ACCESS_KEY: S3_TEST_SECRET, AWS_REGION: 'us-east-1' },
});

test('configure S3, test the connection, back up a session with progress, copy its download link', async ({
  library,
  api,
}) => {
  test.setTimeout(120_000);
  const page = library.page;
  const imported = await api.sessions.import({ path: GOOD_VIDEO });
  const id = imported.sessions[0]?.id ?? '';
  await expect(library.row(id)).toBeVisible();
  await expect(library.row(id).getByTestId('badge-upload')).toHaveText('Not backed up');

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Set up S3 backup…' }).click();
  const settings = page.getByRole('dialog', { name: 'S3 backup' });
  await expect(settings.getByTestId('s3-configured')).toContainText('not configured');
  await settings.getByTestId('s3-endpoint').fill(proxy.endpoint);
  await settings.getByTestId('s3-bucket').fill(s3.bucket);
  await settings.getByTestId('s3-path-style').check();
  await settings.getByRole('button', { name: 'Test connection' }).click();
  await expect(settings.getByTestId('s3-probe')).toContainText(/Connected: put, head and delete took \d+ ms/);
  await expect(settings.getByTestId('s3-configured')).toContainText('not configured'); // a test saves nothing
  await settings.getByTestId('save-s3-settings').click();
  await expect(settings.getByTestId('s3-configured')).toHaveText(`Backing up to ${s3.bucket}`);
  await settings.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('backup-status')).toContainText(s3.bucket);
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Library' }).click();

  // Slow store: the row shows the upload's byte progress before it turns Backed up.
  proxy.state.latencyMs = 1500;
  await library
    .row(id)
    .getByRole('button', { name: /^Back up/ })
    .click();
  await expect(library.row(id).getByTestId('badge-upload')).toHaveText(/^\d+%$/);
  proxy.state.latencyMs = 0;
  await expect(library.row(id).getByTestId('badge-upload')).toHaveText('Backed up', { timeout: 60_000 });

  await page.getByRole('link', { name: 'Uploads' }).click();
  const uploads = page.getByRole('main', { name: 'Uploads' });
  await expect(uploads.getByTestId('upload-row')).toHaveCount(2); // the recording and session.json
  await expect(uploads.locator('[data-testid="upload-row"][data-state="completed"]')).toHaveCount(2);
  await uploads.getByRole('button', { name: 'Sync with bucket' }).click();
  await expect(uploads.getByTestId('sync-bucket-result')).toHaveText('Found 0 new, updated 0, missing 0');
  await uploads.getByLabel('Re-hash sample').selectOption('100');
  await uploads.getByRole('button', { name: 'Verify backups' }).click();
  await expect(uploads.getByTestId('verify-result')).toContainText(
    '2 objects checked (2 re-hashed): 2 ok, 0 missing, 0 changed, 0 unverifiable',
    { timeout: 30_000 },
  );
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Library' }).click();

  await library.row(id).getByTestId('open-session').click();
  await page.getByRole('button', { name: 'Copy download link' }).click();
  const url = await page.getByTestId('download-link').inputValue();
  const got = await fetch(url);
  expect(got.status).toBe(200);
  // Saved under the session's title, not the object key's last segment.
  const { title } = await api.sessions.get({ id });
  expect(got.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(title)}`);
  expect((await got.arrayBuffer()).byteLength).toBeGreaterThan(1000);

  // The recording's object vanishes from the bucket: the next sync names the session, linked to its review.
  const key = (await api.sessions.get({ id })).files?.find((f) => f.kind === 'recording')?.s3_key ?? '';
  expect(key).not.toBe('');
  const s3client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
  });
  await s3client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
  s3client.destroy();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Uploads' }).click();
  await uploads.getByRole('button', { name: 'Sync with bucket' }).click();
  await expect(uploads.getByTestId('sync-bucket-result')).toHaveText('Found 0 new, updated 0, missing 1');
  const missing = uploads.getByTestId('sync-missing-sessions').getByRole('link');
  await expect(missing).toHaveText([title]);
  await missing.click();
  await expect(page).toHaveURL(new RegExp(`#/sessions/${id}$`));
});
