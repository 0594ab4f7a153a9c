/**
 * Storage → Clean up → "Delete old failed sessions…": the dry run's numbers are shown first and are exactly what the
 * real run deletes.
 */
import type { Page } from '@playwright/test';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test('cleanup previews with a dry run, then deletes exactly that', async ({ library, api }) => {
  const preview = await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true });
  expect(preview.deleted_count).toBeGreaterThan(0);
  const failedBefore = (await api.sessions.list({ limit: 1, status_filter: 'failed' })).total;

  await openFailedCleanup(library.page);
  const dialog = library.page.getByRole('dialog', { name: 'Delete old failed sessions' });
  await expect(dialog.getByTestId('preview-count')).toHaveText(preview.deleted_count.toLocaleString('en-US'));
  const previewBytes = await dialog.getByTestId('preview-bytes').textContent();
  // The destructive button is never where the focus lands: Enter alone cannot delete.
  await expect(dialog.getByTestId('confirm-cleanup')).not.toBeFocused();
  // Nothing is deleted by looking.
  expect((await api.sessions.list({ limit: 1, status_filter: 'failed' })).total).toBe(failedBefore);

  await dialog.getByRole('button', { name: `Delete ${preview.deleted_count} failed sessions permanently` }).click();
  await expect(dialog.getByTestId('cleanup-result')).toHaveText(
    `Sessions deleted: ${preview.deleted_count.toLocaleString('en-US')}, disk space freed: ${previewBytes}`,
  );

  const after = await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true });
  expect(after.deleted_count).toBe(0);
  expect((await api.sessions.list({ limit: 1, status_filter: 'failed' })).total).toBe(
    failedBefore - preview.deleted_count,
  );

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await library.page.getByRole('link', { name: 'Library' }).click();
  await library.statusFilter.selectOption('failed');
  await library.expectTotal(failedBefore - preview.deleted_count);
});

test('cleanup can be cancelled after the preview', async ({ library, api }) => {
  const preview = await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true });
  await openFailedCleanup(library.page);
  const dialog = library.page.getByRole('dialog', { name: 'Delete old failed sessions' });
  await expect(dialog.getByTestId('preview-count')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(
    (await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true })).deleted_count,
  ).toBe(preview.deleted_count);
});

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} cleanup lists what goes, with honest sizes, and Enter does not delete`, async ({
    library,
    api,
    page,
  }) => {
    await page.setViewportSize(viewport);
    await expect(library.table).toBeVisible();
    const preview = await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true });
    expect(preview.deleted_count).toBeGreaterThan(0);
    const cutoff = Date.now() - 7 * 86_400_000;
    const failed = await api.sessions.list({ status_filter: 'failed', exclude_failed: false, limit: 500 });
    const going = failed.items.filter((s) => Date.parse(s.created_at) < cutoff);
    expect(going).toHaveLength(preview.deleted_count);

    await openFailedCleanup(page);
    const dialog = page.getByRole('dialog', { name: 'Delete old failed sessions' });
    await expect(dialog.getByTestId('cleanup-item')).toHaveCount(going.length);
    for (const s of going.slice(0, 3))
      await expect(dialog.getByTestId('cleanup-item').filter({ hasText: s.title })).toHaveCount(1);
    // Seeded sessions have sizes but no files: the dialog says both figures and why they differ.
    const listed = going.reduce((sum, s) => sum + s.size, 0);
    expect(listed).toBeGreaterThan(preview.bytes_freed);
    await expect(dialog.getByTestId('cleanup-figures')).toContainText('demo session');
    await expect(dialog.getByTestId('listed-bytes')).not.toHaveText('0 B');
    await page.screenshot({ path: docsScreenshotPath(`cleanup-${viewportName(viewport)}.png`) });

    // The safe choice has the focus: Enter closes the dialog and deletes nothing.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    expect(
      (await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true })).deleted_count,
    ).toBe(preview.deleted_count);
    await expect(page.getByRole('main', { name: 'Storage and cleanup' })).toBeVisible();
  });
}

async function openFailedCleanup(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Storage' }).click();
  await page.getByRole('button', { name: 'Delete old failed sessions…' }).click();
}
