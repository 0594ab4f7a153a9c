/**
 * Issue 24, item 9: an error in the review is shown where it covers no transcript (the transcript column stays
 * readable), and it does not follow the coach back to the library. The review is left with Esc and with Back.
 */
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

const overlap = (a: { x: number; width: number }, b: { x: number; width: number }) =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)}: a review's error covers no transcript and stays in the review`, async ({
    library,
    api,
    page,
  }) => {
    await page.setViewportSize(viewport);
    await api.settings.update({ display_name: 'Kim Park' }); // no name question on the first note
    const id = await library.firstRowId();
    await library.row(id).getByTestId('open-session').click();
    await expect(page.getByTestId('review-view')).toBeVisible();

    // Saving a note fails (the server answers 500): an error toast, beside the transcript, not over it.
    await page.route('**/markers', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: '{"error":"disk full","code":"internal"}',
          })
        : route.fallback(),
    );
    await page.getByTestId('note-text').fill('Ask about the morning routine');
    await page.getByRole('button', { name: 'Add note' }).click();
    const toast = page.getByTestId('toast-error');
    await expect(toast).toContainText('Could not add the note');
    const transcript = await page.locator('.transcript-panel').boundingBox();
    const box = await toast.boundingBox();
    expect(transcript && box).toBeTruthy();
    expect(overlap(box!, transcript!), 'toast and transcript overlap horizontally by').toBeLessThanOrEqual(0);
    await page.screenshot({ path: docsScreenshotPath(`review-error-${viewportName(viewport)}.png`) });

    // Esc leaves the review; the error concerned it and stays behind.
    await page.keyboard.press('Escape');
    await expect(library.table).toBeVisible();
    await expect(toast).toHaveCount(0);
    // Back returns to the review, Back again leaves it.
    await page.goBack();
    await expect(page.getByTestId('review-view')).toBeVisible();
    await page.goBack();
    await expect(page.getByTestId('review-view')).toHaveCount(0);
    await expect(library.table).toBeVisible();
  });
}
