/**
 * The Storage and Trash places in Chromium against a real server: the storage chart shows the trash, the Trash
 * restores a trashed session (and says so), and Storage → Clean up previews (dry run) before it can run, with the destructive button
 * never focused; the run deletes exactly what the preview listed and lands in the history.
 */
import { formatBytes } from '../../renderer/lib/format.js';
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 40 });

test('storage, trash and restore, cleanup preview and run', async ({ library, api }) => {
  const page = library.page;
  const first = (await api.sessions.list({ limit: 1 })).items[0]!;
  await api.sessions.remove({ id: first.id, trash: true });

  await page.getByRole('link', { name: 'Storage' }).click();
  const dialog = page.getByRole('main', { name: 'Storage and cleanup' });
  await expect(dialog.getByTestId('storage-panel')).toBeVisible();
  const storage = await api.storage.get({});
  expect(storage.trash_bytes).toBe(first.size);
  await expect(dialog.getByTestId('storage-trash')).toHaveText(formatBytes(first.size));
  await expect(dialog.getByTestId('storage-bar-trash')).toBeVisible();
  for (const status of Object.keys(storage.by_status))
    await expect(dialog.getByTestId(`storage-bar-${status}`)).toBeVisible();

  await page.getByRole('link', { name: 'Trash' }).click();
  const trash = page.getByRole('main', { name: 'Trash' });
  await expect(trash.getByTestId('trash-row')).toHaveCount(1);
  // Deleting for good removes the backup too (no "restore from backup" afterwards): the trash says so.
  await expect(trash.getByTestId('trash-backup-note')).toContainText('also deletes its backup in S3');
  await expect(trash.getByTestId('trash-row')).toContainText(first.title);
  await trash.getByRole('button', { name: 'Restore' }).click();
  await expect(trash.getByTestId('trash-count')).toHaveText('0');
  await expect(trash.getByTestId('trash-message')).toHaveText(`Restored “${first.title}”`);
  expect((await api.sessions.get({ id: first.id })).id).toBe(first.id);
  expect((await api.trash.list({})).total).toBe(0);

  await page.getByRole('link', { name: 'Storage' }).click();
  const run = dialog.getByTestId('run-cleanup');
  const previewButton = dialog.getByRole('button', { name: 'Preview cleanup' });
  await expect(run).not.toBeFocused();
  await expect(run).toBeDisabled(); // nothing runs before a preview
  const expected = await api.cleanup.all({ dry_run: true });
  expect(expected.failed_sessions_count).toBeGreaterThan(0);
  await previewButton.click();
  const items = expected.orphaned_files_count + expected.failed_sessions_count + expected.trash_purged.length;
  await expect(dialog.getByTestId('cleanup-preview-total')).toHaveText(
    `${items} item(s), ${formatBytes(expected.bytes_freed)} to free`,
  );
  await expect(run).toBeEnabled();
  await expect(run).not.toBeFocused();
  const failedBefore = (await api.sessions.list({ limit: 1, status_filter: 'failed' })).total;
  await run.click();
  await expect(dialog.getByTestId('cleanup-run-result')).toContainText(
    `${expected.failed_sessions_count} failed session(s)`,
  );
  const failedAfter = (await api.sessions.list({ limit: 1, status_filter: 'failed' })).total;
  expect(failedAfter).toBe(failedBefore - expected.failed_sessions_count);
  const history = (await api.cleanup.history({})).items;
  expect(history[0]).toMatchObject({ kind: 'all', dry_run: false, trigger: 'manual' });
  await expect(dialog.getByTestId('cleanup-history').locator('li')).toHaveCount(history.length);
});
