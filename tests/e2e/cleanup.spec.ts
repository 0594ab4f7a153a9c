/** "Clean up old sessions": the dry run's numbers are shown first and are exactly what the real run deletes. */
import { expect, test } from './fixtures/test.js';

test('cleanup previews with a dry run, then deletes exactly that', async ({ library, api }) => {
  const preview = await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true });
  expect(preview.deleted_count).toBeGreaterThan(0);
  const failedBefore = (await api.sessions.list({ limit: 1, status_filter: 'failed' })).total;

  await library.page.getByRole('button', { name: 'Clean up old sessions' }).click();
  const dialog = library.page.getByRole('dialog', { name: 'Clean up old sessions' });
  await expect(dialog.getByTestId('preview-count')).toHaveText(preview.deleted_count.toLocaleString('en-US'));
  const previewBytes = await dialog.getByTestId('preview-bytes').textContent();
  // The destructive button is never where the focus lands: Enter alone cannot delete.
  await expect(dialog.getByTestId('confirm-cleanup')).not.toBeFocused();
  // Nothing is deleted by looking.
  expect((await api.sessions.list({ limit: 1, status_filter: 'failed' })).total).toBe(failedBefore);

  await dialog.getByRole('button', { name: `Delete ${preview.deleted_count} sessions` }).click();
  await expect(dialog.getByTestId('cleanup-result')).toHaveText(
    `Sessions deleted: ${preview.deleted_count.toLocaleString('en-US')}, storage freed: ${previewBytes}`,
  );

  const after = await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true });
  expect(after.deleted_count).toBe(0);
  expect((await api.sessions.list({ limit: 1, status_filter: 'failed' })).total).toBe(
    failedBefore - preview.deleted_count,
  );

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await library.statusFilter.selectOption('failed');
  await library.expectTotal(failedBefore - preview.deleted_count);
});

test('cleanup can be cancelled after the preview', async ({ library, api }) => {
  const preview = await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true });
  await library.page.getByRole('button', { name: 'Clean up old sessions' }).click();
  const dialog = library.page.getByRole('dialog', { name: 'Clean up old sessions' });
  await expect(dialog.getByTestId('preview-count')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(
    (await api.sessions.bulkDelete({ status_filter: 'failed', older_than_days: 7, dry_run: true })).deleted_count,
  ).toBe(preview.deleted_count);
});
