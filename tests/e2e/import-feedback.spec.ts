/**
 * Honest import feedback: a recording that cannot be read is said so in the preview (probed before importing),
 * and once imported is reported as a failure (red, with the reason, a toast
 * that stays until dismissed), its review page says why and what to do; the dialog drops a result when the path
 * changes and keeps Import disabled for a path that does not exist or holds no recordings, in a coach's words.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { BROKEN_VIDEO, GOOD_VIDEO } from './fixtures/media.js';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test.use({ seedSessions: 0 });

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} a corrupt import reads as a failure, and its review says why`, async ({
    library,
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a recording' });
    await dialog.getByRole('textbox', { name: 'File or folder on this computer' }).fill(BROKEN_VIDEO);
    // The preview probes the file before anything is imported: it says it cannot be read, never "(video)", and
    // ffprobe's own words are one click away.
    const preview = dialog.getByTestId('import-preview');
    const unreadable = preview.getByTestId('preview-unreadable');
    await expect(unreadable).toContainText(
      'This file is not a recording Filmroom can read (it may be damaged or incomplete)',
      { timeout: 20_000 },
    );
    await expect(preview).not.toContainText('One meeting found');
    await expect(preview).not.toContainText('(video)');
    await expect(unreadable.locator('code')).toBeHidden();
    await unreadable.getByText('Details').click();
    await expect(unreadable.locator('code')).toContainText('Invalid data found');
    await page.screenshot({ path: docsScreenshotPath(`import-preview-unreadable-${viewportName(viewport)}.png`) });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    const outcome = dialog.getByTestId('import-outcome');
    await expect(outcome.getByTestId('import-failed')).toContainText('1 recording could not be read', {
      timeout: 30_000,
    });
    await expect(outcome).not.toContainText('Imported 1 session');
    const item = outcome.getByTestId('imported-item');
    await expect(item).toHaveAttribute('data-status', 'failed');
    await expect(item).toContainText('Corrupted export');
    await expect(item).toContainText(
      ': This file is not a recording Filmroom can read (it may be damaged or incomplete)',
    );
    const toast = page.getByTestId('toast-error');
    await expect(toast).toContainText('could not be read');
    await page.screenshot({ path: docsScreenshotPath(`import-failed-${viewportName(viewport)}.png`) });

    // "Open in review" from the result: the review says why there is nothing to play, and offers no Analyze.
    await item.getByRole('link', { name: 'Open in review' }).click();
    await expect(dialog).toBeHidden();
    const notice = page.getByTestId('session-notice');
    await expect(notice).toHaveAttribute('data-kind', 'failed');
    await expect(notice).toContainText('Filmroom could not read this recording');
    const reason = notice.getByTestId('failure-reason');
    await expect(reason.locator('p')).toHaveText(
      'This file is not a recording Filmroom can read (it may be damaged or incomplete)',
    );
    await reason.getByText('Details').click(); // ffprobe's own words, one click away
    await expect(reason.locator('code')).toContainText('ffprobe');
    await expect(notice).toContainText('What to do');
    await expect(page.getByRole('button', { name: /^Analyze/ })).toHaveCount(0);
    // The import's error message belonged to the library: it does not follow into the review.
    await expect(toast).toHaveCount(0);
    await expect(library.table).toBeHidden();

    // Its card in the grid says why, not "No preview yet".
    await page.keyboard.press('Escape');
    await library.hideFailed.uncheck();
    await page.getByTestId('view-grid').click();
    await expect(page.getByTestId('card-placeholder')).toHaveText(
      'Failed: This file is not a recording Filmroom can read (it may be damaged or incomplete)',
    );
    await page.screenshot({ path: docsScreenshotPath(`failed-card-${viewportName(viewport)}.png`) });
  });
}

test('the import dialog clears old results and keeps Import disabled for a path with nothing to import', async ({
  library,
  page,
}, testInfo) => {
  await expect(library.emptyState).toBeVisible();
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a recording' });
  const pathBox = dialog.getByRole('textbox', { name: 'File or folder on this computer' });
  const importButton = dialog.getByRole('button', { name: 'Import', exact: true });

  // A path that does not exist: a plain sentence, no developer wording, Import disabled.
  await pathBox.fill('/no/such/folder/Weekly check-in.mp4');
  await expect(dialog.getByTestId('import-path-problem')).toContainText('Nothing is at /no/such/folder');
  await expect(dialog.getByTestId('import-path-problem')).not.toContainText("Invalid '");
  await expect(importButton).toBeDisabled();

  // A folder holding no recordings: said so, Import disabled.
  const empty = testInfo.outputPath('notes only');
  mkdirSync(empty, { recursive: true });
  writeFileSync(`${empty}/agenda.docx`, 'not a recording');
  await pathBox.fill(empty);
  await expect(dialog.getByTestId('preview-nothing')).toContainText('No recordings found here');
  await expect(importButton).toBeDisabled();

  // A good file imports; changing the path afterwards drops that result.
  await pathBox.fill(GOOD_VIDEO);
  await expect(dialog.getByTestId('preview-meeting')).toHaveCount(1, { timeout: 20_000 });
  await expect(dialog.getByTestId('import-preview')).toContainText('(video)');
  await expect(dialog.getByTestId('import-preview')).not.toContainText('(recording)');
  await importButton.click();
  await expect(dialog.getByTestId('import-success')).toContainText('Imported 1 session', { timeout: 30_000 });
  await expect(page.getByTestId('toast-error')).toHaveCount(0);
  await pathBox.fill('/tmp');
  await expect(dialog.getByTestId('import-outcome')).toHaveCount(0);
});
