/**
 * Issue 24, item 9: "Back up" is offered only where there is a recording to back up — not on demo sessions, not on
 * a failed import — and without S3 it leads to where backups are set up instead of only saying "not configured".
 */
import { BROKEN_VIDEO, GOOD_VIDEO } from './fixtures/media.js';
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 5 });

test('Back up is not offered on demo or failed sessions, and without S3 it leads to Settings', async ({
  library,
  api,
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const demo = await library.firstRowId();
  expect((await api.sessions.get({ id: demo })).synthetic).toBe(true);
  await expect(library.row(demo).getByTestId('upload-cell')).toBeVisible();
  await expect(library.row(demo).getByTestId('back-up')).toHaveCount(0);

  const broken = (await api.sessions.import({ path: BROKEN_VIDEO })).sessions[0]!.id;
  const good = (await api.sessions.import({ path: GOOD_VIDEO })).sessions[0]!.id;
  await library.hideFailed.uncheck();
  await expect(library.row(broken)).toHaveAttribute('data-status', 'failed');
  await expect(library.row(broken).getByTestId('back-up')).toHaveCount(0);

  await library.row(good).getByTestId('back-up').click();
  const toast = page.getByTestId('toast-error');
  await expect(toast).toContainText('Backups are not set up yet');
  await toast.getByRole('button', { name: 'Set up backup' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole('button', { name: 'Set up S3 backup…' })).toBeVisible();

  // The Uploads place says the same and links there, instead of a red "S3 is not configured".
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Uploads' }).click();
  const uploads = page.getByRole('main', { name: 'Uploads' });
  await expect(uploads.getByTestId('uploads-not-set-up')).toContainText('Backups are not set up yet');
  await uploads.getByRole('link', { name: 'Set up S3 backup in Settings' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
});
