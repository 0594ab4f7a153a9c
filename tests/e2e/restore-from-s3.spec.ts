/**
 * "Restore my library from S3" in Chromium (issue 18): another library backs a recording up to a real S3-protocol
 * server; this empty library shows "Restore my library from S3" beside "Import recordings", restores with progress,
 * the session is listed (the finished restore's summary stays above the table), and its review plays the recording
 * from the bucket ("In S3 — download to keep a local copy").
 */
import { expect, test } from './fixtures/test.js';
import { importAndBackUp } from './fixtures/backed-up.js';
import { ReviewPage } from './fixtures/review-page.js';
import { S3_TEST_KEY, S3_TEST_SECRET, startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s3: S3TestServer;
let other: TestServer;
let backedUp = '';

test.beforeAll(async () => {
  test.setTimeout(150_000);
  s3 = await startS3Server('filmroom-e2e-restore');
  other = await startTestServer({ env: { ...process.env, ...s3.env() } });
  backedUp = await importAndBackUp(other, 'Restored coaching call');
});
test.afterAll(async () => {
  await other?.close();
  await s3?.stop();
});

test.use({
  seedSessions: 0,
  serverEnv: { AWS_ACCESS_KEY_ID: S3_TEST_KEY, AWS_SECRET_ACCESS_KEY: S3_TEST_SECRET, AWS_REGION: 'us-east-1' },
});

test('empty library → Restore my library from S3 → progress → listed → plays from S3', async ({
  library,
  api,
  page,
}) => {
  test.setTimeout(120_000);
  await api.sync.updateSettings({ endpoint: s3.endpoint, bucket: s3.bucket, force_path_style: true });
  const empty = page.getByTestId('empty-state');
  await expect(empty.getByRole('button', { name: 'Import recordings' })).toBeVisible();
  await empty.getByRole('button', { name: 'Restore my library from S3' }).click();
  await expect(page.getByTestId('restore-progress')).toContainText(/Restor(ing|ed) from S3/, { timeout: 30_000 });
  await expect(library.row(backedUp)).toBeVisible({ timeout: 60_000 });
  await expect(library.row(backedUp)).toContainText('Restored coaching call');
  // The first restored session replaces the empty library (and its button) with the table: the finished restore's
  // summary stays shown above it, read from the run's state, whether or not its events reached the page in time.
  await expect(page.getByTestId('restore-progress')).toHaveText('Restored from S3: 1 of 1 sessions checked', {
    timeout: 30_000,
  });

  await library.row(backedUp).getByTestId('open-session').click();
  const review = new ReviewPage(page);
  await expect(page.getByTestId('held-in-s3')).toHaveText('In S3 — download to keep a local copy');
  await expect
    .poll(() => review.video.evaluate((v) => (v as unknown as { readyState: number }).readyState), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  await review.video.evaluate((v) => (v as unknown as { play(): Promise<void> }).play());
  await expect.poll(() => review.currentTime(), { timeout: 15_000 }).toBeGreaterThan(0.3);
});
