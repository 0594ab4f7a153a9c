/**
 * The S3 dialog of a headless `filmroom serve` (no keychain), at the window sizes coaches use: it says where
 * credentials come from and offers no key fields; "Test connection" with settings that fail saves nothing and
 * says why in plain words, the store's own message one click away; one form grid (labels and fields aligned).
 */
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test.use({ seedSessions: 5 });

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)}: headless S3 set-up, a failing test saves nothing`, async ({
    library,
    api,
    page,
  }) => {
    await page.setViewportSize(viewport);
    await expect(library.table).toBeVisible();
    await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByTestId('backup-status')).toHaveText(
      'Not backed up: recordings are kept on this computer only.',
    );
    await page.getByRole('button', { name: 'Set up S3 backup…' }).click();
    const dialog = page.getByRole('dialog', { name: 'S3 backup' });
    await expect(dialog.getByTestId('s3-credentials-note')).toContainText('does not keep keys: credentials come from');
    await expect(dialog.getByLabel('Secret access key')).toHaveCount(0);
    await expect(dialog.getByLabel('Access key id')).toHaveCount(0);

    // One grid: every label in one column, every text field the same width.
    const fields = ['s3-endpoint', 's3-region', 's3-bucket', 's3-prefix', 's3-part_size_mb', 's3-concurrency'];
    const boxes = await Promise.all(fields.map((f) => dialog.getByTestId(f).boundingBox()));
    expect(new Set(boxes.map((b) => Math.round(b!.x))).size).toBe(1);
    expect(new Set(boxes.map((b) => Math.round(b!.width))).size).toBe(1);

    // Nothing listens on port 9 of 127.0.0.1: the test fails, and nothing is saved.
    await dialog.getByTestId('s3-endpoint').fill('http://127.0.0.1:9');
    await dialog.getByTestId('s3-bucket').fill('films');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const probe = dialog.getByTestId('s3-probe');
    await expect(probe).toContainText('The test failed, nothing was saved:', { timeout: 30_000 });
    await expect(probe.locator('p')).toContainText('No S3 credentials were found');
    await expect(probe.locator('p')).not.toContainText('CredentialsProviderError');
    await expect(probe.locator('code')).toBeHidden();
    await probe.getByText('Details').click();
    await expect(probe.locator('code')).toContainText('CredentialsProviderError');
    await page.screenshot({ path: docsScreenshotPath(`s3-headless-${viewportName(viewport)}.png`) });
    const stored = await api.sync.getSettings({});
    expect(stored.configured).toBe(false);
    expect(stored.bucket).toBeNull();
    await expect(dialog.getByTestId('s3-configured')).toContainText('not configured');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('backup-status')).toContainText('Not backed up');
  });
}
