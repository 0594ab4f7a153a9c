/** Importing real ffmpeg-made recordings, duplicates, unreadable files, and rows arriving by live events. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROKEN_VIDEO, GOOD_VIDEO, MEDIA_DIR, OTHER_VIDEO } from './fixtures/media.js';
import { expect, test } from './fixtures/test.js';

test.describe('an empty library', () => {
  test.use({ seedSessions: 0 });

  test('shows the empty state, imports a recording, and refuses the same recording twice', async ({ library, api }) => {
    await expect(library.emptyState).toContainText('Your library is empty');

    await library.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = library.page.getByRole('dialog', { name: 'Import a recording' });
    await dialog.getByRole('textbox', { name: 'File or folder on this computer' }).fill(GOOD_VIDEO);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 1 session');

    // The row arrives through the session.created event, without a reload.
    await expect(library.rows).toHaveCount(1);
    const [session] = (await api.sessions.list({ limit: 5 })).items;
    await expect(library.rows.first()).toHaveAttribute('data-session-id', session?.id ?? '');
    await expect(library.rows.first().locator('[data-column="duration"]')).toHaveText('0:00:02');

    await dialog.getByRole('textbox', { name: 'File or folder on this computer' }).fill(GOOD_VIDEO);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByRole('alert')).toHaveText(`Already in your library: ${session?.title ?? ''}`);
    await dialog
      .getByRole('button', { name: 'Done' })
      .or(dialog.getByRole('button', { name: 'Cancel' }))
      .click();
    await expect(library.rows).toHaveCount(1);
  });

  test('an unreadable file becomes a failed session, hidden by default', async ({ library, api }) => {
    await library.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = library.page.getByRole('dialog', { name: 'Import a recording' });
    await dialog.getByRole('textbox', { name: 'File or folder on this computer' }).fill(BROKEN_VIDEO);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByTestId('import-outcome')).toContainText('could not be read');
    await library.page.keyboard.press('Escape');

    const failed = await api.sessions.list({ limit: 5, status_filter: 'failed' });
    expect(failed.total).toBe(1);
    await expect(library.emptyState).toBeVisible();
    await library.hideFailed.uncheck();
    const row = library.row(failed.items[0]?.id ?? '');
    await expect(row).toHaveAttribute('data-status', 'failed');
    await expect(row.getByTestId('badge-status')).toContainText('Failed');
  });

  test('a relative path is refused before sending; a folder of non-recordings lists the reasons', async ({
    library,
  }, testInfo) => {
    const folder = testInfo.outputPath('not-recordings');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'notes.txt'), 'coaching notes, not a recording\n');

    await library.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = library.page.getByRole('dialog', { name: 'Import a recording' });
    const field = dialog.getByRole('textbox', { name: 'File or folder on this computer' });
    await field.fill('recordings/session.mp4');
    await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
    await expect(dialog).toContainText('Give the full path');

    // The preview already says there is nothing to import, with each file's reason; Import stays disabled.
    await field.fill(folder);
    await expect(dialog.getByTestId('preview-nothing')).toContainText('No recordings found here');
    await expect(dialog.getByTestId('preview-refused')).toContainText('notes.txt');
    await expect(dialog.getByTestId('preview-refused')).toContainText('Not a recording');
    await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  });

  test('a folder of recordings imports each one', async ({ library, api }) => {
    await library.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = library.page.getByRole('dialog', { name: 'Import a recording' });
    await dialog.getByRole('textbox', { name: 'File or folder on this computer' }).fill(MEDIA_DIR);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByTestId('import-outcome')).toContainText(/Imported \d+ sessions/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const visible = await api.sessions.list({ limit: 50 });
    expect(visible.total).toBeGreaterThanOrEqual(2); // the two good videos; the broken one is failed and hidden
    await library.expectTotal(visible.total);
  });
});

test('sessions imported and deleted elsewhere appear and vanish live', async ({ library, api }) => {
  await expect(library.page.getByTestId('live-state')).toContainText('Live');
  const result = await api.sessions.import({ path: OTHER_VIDEO, title: 'Zz live event check' });
  const id = result.sessions[0]?.id ?? '';
  await library.search.fill('Zz live event check');
  await expect(library.row(id)).toBeVisible();
  await library.search.fill('');
  await library.page.getByRole('button', { name: /^Title/ }).click();

  const other = (await api.sessions.list({ limit: 1, sort: 'title' })).items[0];
  await expect(library.rows.first()).toHaveAttribute('data-session-id', other?.id ?? '');
  await api.sessions.remove({ id: other?.id ?? '' });
  await expect(library.row(other?.id ?? '')).toHaveCount(0);
});
