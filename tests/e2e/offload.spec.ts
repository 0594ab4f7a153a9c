/**
 * Offload and restore in Chromium against a real S3-protocol server: a backed-up session is listed under "Free up
 * space" with the bytes it frees, offloading it frees the local copy, its review says it is held in S3 only and the
 * video still plays and seeks (streamed from the bucket through the media route), and "Restore local copy" brings
 * the copy back. At 1024, 1280 and 1920 px, with screenshots.
 */
import { expect, test } from './fixtures/test.js';
import { GOOD_VIDEO } from './fixtures/media.js';
import { ReviewPage } from './fixtures/review-page.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';
import { formatBytes } from '../../renderer/lib/format.js';
import { S3_TEST_KEY, S3_TEST_SECRET, startS3Server, type S3TestServer } from '../helpers/s3-server.js';

let s3: S3TestServer;
test.beforeAll(async () => {
  s3 = await startS3Server('filmroom-e2e-offload');
});
test.afterAll(async () => {
  await s3?.stop();
});

test.use({
  seedSessions: 0,
  serverEnv: { AWS_ACCESS_KEY_ID: S3_TEST_KEY, AWS_SECRET_ACCESS_KEY: S3_TEST_SECRET, AWS_REGION: 'us-east-1' },
});

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)}: offload a backed-up session, play it from S3, restore it`, async ({
    library,
    api,
    page,
  }, testInfo) => {
    test.setTimeout(150_000);
    await page.setViewportSize(viewport);
    await api.sync.updateSettings({ endpoint: s3.endpoint, bucket: s3.bucket, force_path_style: true });
    const id = (await api.sessions.import({ path: GOOD_VIDEO })).sessions[0]?.id ?? '';
    // At rest first (imported and analysed): an offload never races an import or an analysis.
    await expect
      .poll(
        async () => {
          const s = await api.sessions.get({ id });
          return ['uploaded', 'ready'].includes(s.status) && !['queued', 'processing'].includes(s.analysis_status);
        },
        { timeout: 90_000 },
      )
      .toBe(true);
    await api.uploads.syncSession({ id });
    await expect.poll(async () => (await api.sessions.get({ id })).upload_state, { timeout: 60_000 }).toBe('synced');
    const session = await api.sessions.get({ id });
    const recording = session.files!.find((f) => f.kind === 'recording')!;

    // The storage view suggests it, with the bytes it frees.
    await page.getByRole('link', { name: 'Storage' }).click();
    const dialog = page.getByRole('main', { name: 'Storage and cleanup' });
    const row = dialog.locator(`[data-testid="offload-row"][data-id="${id}"]`);
    await expect(row).toContainText(formatBytes(recording.size));
    await expect(dialog.getByTestId('offload-total')).toContainText(`${formatBytes(recording.size)} can be freed`);
    await expect(dialog.getByTestId('storage-offloaded')).toHaveText('0');
    await page.screenshot({ path: testInfo.outputPath(`offload-storage-${viewportName(viewport)}.png`) });
    await row.getByRole('button', { name: `Offload ${session.title}` }).click();
    // It asks first, Cancel focused.
    const confirm = page.getByRole('dialog', { name: 'Free the local copy?' });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByTestId('confirm-action').click();
    await expect(row).toHaveCount(0);
    await expect(dialog.getByTestId('storage-offloaded')).toHaveText('1');
    expect((await api.sessions.get({ id })).files!.find((f) => f.kind === 'recording')!.local_copy).toBe('offloaded');
    await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Library' }).click();

    // The review says where it is, and it still plays and seeks (Range requests answered from the bucket).
    await library.row(id).getByTestId('open-session').click();
    const review = new ReviewPage(page);
    await expect(page.getByTestId('held-in-s3')).toHaveText('Held in S3 only: the recording plays from your bucket.');
    await expect
      .poll(() => review.video.evaluate((v) => (v as unknown as { readyState: number }).readyState), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(1);
    const middle = (session.duration ?? 2) / 2;
    await review.video.evaluate((v, t) => {
      (v as unknown as { currentTime: number }).currentTime = t;
    }, middle);
    await review.expectTimeNear(middle, 0.3);
    await review.video.evaluate((v) => {
      (v as unknown as { currentTime: number }).currentTime = 0;
      return (v as unknown as { play(): Promise<void> }).play();
    });
    await expect.poll(() => review.currentTime(), { timeout: 15_000 }).toBeGreaterThan(0.3);
    await review.video.evaluate((v) => (v as unknown as { pause(): void }).pause());
    await page.screenshot({ path: testInfo.outputPath(`offload-review-${viewportName(viewport)}.png`) });

    await page.getByRole('button', { name: 'Restore local copy' }).click();
    await expect(page.getByTestId('offload-button')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('held-in-s3')).toHaveCount(0);
    expect((await api.sessions.get({ id })).files!.find((f) => f.kind === 'recording')!.local_copy).toBe('present');
    await page.screenshot({ path: testInfo.outputPath(`offload-restored-${viewportName(viewport)}.png`) });
  });
}
