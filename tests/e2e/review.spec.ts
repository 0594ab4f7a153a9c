/**
 * The review view on real ffmpeg-made recordings: a Zoom cloud pair (video + speaker-labelled VTT) imported through
 * the dialog with its preview, analysed automatically by the server, then played, seeked, annotated; and a long
 * recording whose analysis is cancelled from the view.
 */
import { docsScreenshotPath } from './fixtures/paths.js';
import { ANALYSIS_TIMEOUT, ReviewPage } from './fixtures/review-page.js';
import { CHAT_LINE, LONG_VIDEO, TRANSCRIPT_LINES, ZOOM_DIR } from './fixtures/review-media.js';
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 0 });

test('a Zoom pair imported with a preview plays, seeks, shows its analysis and takes notes', async ({
  library,
  api,
  page,
}) => {
  test.setTimeout(240_000);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a recording' });
  await dialog.getByRole('textbox', { name: 'File or folder on this computer' }).fill(ZOOM_DIR);
  const preview = dialog.getByTestId('import-preview');
  await expect(preview.getByTestId('preview-platform')).toHaveText('Zoom', { timeout: 20_000 });
  await expect(preview).toContainText('GMT20261120-100000_Recording.transcript.vtt');
  await preview.getByRole('textbox', { name: 'Title' }).fill('Weekly check-in with Sam Lee');
  await preview.getByRole('textbox', { name: 'Client' }).fill('Sam Lee');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 1 session', { timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Done' }).click();

  // The row arrives live; clicking it opens the review.
  await expect(library.rows).toHaveCount(1);
  const id = await library.firstRowId();
  expect((await api.sessions.get({ id })).client).toBe('Sam Lee');
  await library.row(id).locator('[data-column="duration"]').click();
  const review = new ReviewPage(page);
  await expect(page).toHaveURL(new RegExp(`#/sessions/${id}$`));
  await expect(page.getByRole('heading', { name: 'Weekly check-in with Sam Lee' })).toBeVisible();
  await review.waitForAnalysis();

  await expect(review.transcriptLines).toHaveCount(TRANSCRIPT_LINES.length);
  await expect(review.transcriptLines.first()).toContainText('Coach Kim');
  await expect(review.waveform.locator('canvas').first()).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Coach Kim talk share' })).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Sam Lee talk share' })).toHaveAttribute('aria-valuenow', /\d+/);
  await expect(page.getByTestId('talk-time')).toContainText('%');
  // Metadata loaded through the signed media URL: seeking now goes through HTTP Range requests.
  await expect
    .poll(() => review.video.evaluate((v) => (v as unknown as { readyState: number }).readyState), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);

  // Clicking a transcript line seeks there (through HTTP Range) and highlights it.
  const third = TRANSCRIPT_LINES[2];
  await review.transcriptLines.nth(2).click();
  await review.expectTimeNear(third.start);
  await expect(review.transcriptLines.nth(2)).toHaveAttribute('aria-current', 'true');

  // A chapter mark (a thumbnail frame) seeks too.
  await expect(review.chapters.first()).toBeVisible();
  const mark = review.chapters.filter({ hasText: '0:08' }).first();
  await mark.click();
  await review.expectTimeNear(8);

  // Arrow keys seek, Space plays and pauses.
  await page.getByTestId('playhead').click();
  await page.keyboard.press('ArrowLeft');
  await review.expectTimeNear(3);
  await page.keyboard.press('Space');
  await expect.poll(() => review.currentTime(), { timeout: 15_000 }).toBeGreaterThan(3.3);
  await page.keyboard.press('Space');
  await expect(review.video).toHaveJSProperty('paused', true);

  // The chat line of the import is listed with the notes, at its time.
  const chat = review.markers.filter({ hasText: CHAT_LINE.text });
  await expect(chat).toContainText('Chat');
  await expect(chat).toContainText('0:07');

  // A note at the playhead is listed and stored.
  await review.transcriptLines.nth(1).click();
  await review.expectTimeNear(TRANSCRIPT_LINES[1].start);
  await page.getByTestId('note-text').fill('Good reflection on the routine');
  await page.getByRole('button', { name: 'Add note' }).click();
  // The first note asks once who signs it (not "admin:").
  const ask = page.getByRole('dialog', { name: 'Sign your notes' });
  await ask.getByRole('textbox', { name: 'Your name' }).fill('Kim Park');
  await ask.getByRole('button', { name: 'Save and add the note' }).click();
  const note = review.markers.filter({ hasText: 'Good reflection on the routine' });
  await expect(note).toContainText('0:03');
  await expect(note).toContainText('Kim Park');
  expect((await api.settings.get({})).display_name).toBe('Kim Park');
  const stored = await api.review.markers({ id });
  expect(stored.items.some((m) => m.text === 'Good reflection on the routine' && Math.abs((m.t ?? -9) - 3) < 0.7)).toBe(
    true,
  );

  // The README picture: playhead on the second line, no transient messages over the view.
  await review.transcriptLines.nth(1).click();
  await review.expectTimeNear(TRANSCRIPT_LINES[1].start);
  await expect(page.getByTestId('import-progress')).toHaveCount(0, { timeout: 15_000 });
  // Clear messages for the picture. They can also go away on their own between finding and clicking them, so
  // click whatever is still there, briefly, rather than a list taken beforehand (a vanished one would be waited for
  // until the test times out).
  const dismiss = page.getByRole('button', { name: 'Dismiss message' });
  for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) {
    await dismiss
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
  }
  await page.mouse.move(0, 0);
  await page.screenshot({ path: docsScreenshotPath('review.png') });

  await note.getByRole('button', { name: /^Delete note/ }).click();
  await expect(note).toHaveCount(0);
  await page.getByRole('button', { name: '← Library' }).click();
  await expect(library.row(id)).toBeVisible();
});

test('a running analysis of a long recording is cancelled from the review view', async ({ library, api, page }) => {
  test.setTimeout(180_000);
  const result = await api.sessions.import({ path: LONG_VIDEO, copy: false });
  const id = result.sessions[0]?.id ?? '';
  await expect(library.row(id)).toBeVisible({ timeout: 30_000 });
  await library.row(id).getByTestId('open-session').click();
  const review = new ReviewPage(page);
  // The server queues every new import for analysis (auto_analyze is on by default).
  const cancel = page.getByRole('button', { name: 'Cancel analysis' });
  await expect(cancel).toBeVisible({ timeout: ANALYSIS_TIMEOUT });
  await expect(review.status).toHaveText(/Analysis: (Queued|Analyzing)/);
  await cancel.click();
  await expect(review.status).toHaveText('Analysis: Cancelled', { timeout: 30_000 });
  expect((await api.analysis.result({ id })).status).toBe('cancelled');
  await expect(page.getByRole('button', { name: 'Analyze again' })).toBeVisible();
});
