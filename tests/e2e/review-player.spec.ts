/**
 * The review player at the window sizes coaches use: the whole video fits its box (nothing cropped, so the
 * browser's play/seek/volume bar at its bottom edge is on screen), and playback speed goes from 0.5× to 2×.
 */
import { readFileSync } from 'node:fs';
import { docsScreenshotPath } from './fixtures/paths.js';
import { ReviewPage } from './fixtures/review-page.js';
import { TRANSCRIPT_LINES, ZOOM_DIR } from './fixtures/review-media.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test.use({ seedSessions: 0 });

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} the video fits its box, controls on screen, speed changes`, async ({
    library,
    api,
    page,
  }) => {
    const imported = await api.sessions.import({ path: ZOOM_DIR, copy: false });
    const id = imported.sessions[0]!.id;
    await page.setViewportSize(viewport);
    await expect(library.row(id)).toBeVisible();
    await library.row(id).getByTestId('open-session').click();
    const review = new ReviewPage(page);
    await expect
      .poll(() => review.video.evaluate((v) => (v as unknown as { videoHeight: number }).videoHeight), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);

    const player = await page.locator('.player').boundingBox();
    const video = await review.video.boundingBox();
    expect(player && video).toBeTruthy();
    // The element is exactly the box: the picture is letterboxed inside it, never cut by the box's edges.
    expect(Math.abs(video!.height - player!.height)).toBeLessThanOrEqual(1);
    expect(Math.abs(video!.width - player!.width)).toBeLessThanOrEqual(1);
    const fit = await review.video.evaluate(
      (v) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { objectFit: string } }).getComputedStyle(v)
          .objectFit,
    );
    expect(fit).toBe('contain');
    // The bottom edge (where the controls bar sits) is inside the window without scrolling.
    expect(video!.y + video!.height).toBeLessThanOrEqual(viewport.height);
    expect(video!.height).toBeGreaterThan(150);
    await expect(review.video).toHaveJSProperty('controls', true);

    const speed = page.getByRole('combobox', { name: 'Speed' });
    await expect(speed).toHaveValue('1');
    await speed.selectOption('1.5');
    await expect(review.video).toHaveJSProperty('playbackRate', 1.5);
    await speed.selectOption('0.5');
    await expect(review.video).toHaveJSProperty('playbackRate', 0.5);
    await page.screenshot({ path: docsScreenshotPath(`review-player-${viewportName(viewport)}.png`) });
  });
}

test('notes and transcript export as Markdown and WebVTT files', async ({ library, api, page }) => {
  const imported = await api.sessions.import({ path: ZOOM_DIR, copy: false });
  const id = imported.sessions[0]!.id;
  await library.row(id).getByTestId('open-session').click();
  await expect(page.getByTestId('transcript-line')).toHaveCount(TRANSCRIPT_LINES.length);
  await page.getByTestId('note-text').fill('Follow up on the late meetings');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByRole('dialog', { name: 'Sign your notes' }).getByRole('button', { name: 'Skip' }).click();
  await expect(page.getByTestId('marker').filter({ hasText: 'Follow up on the late meetings' })).toBeVisible();

  const [md] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export notes (Markdown)' }).click(),
  ]);
  expect(md.suggestedFilename()).toMatch(/\.md$/);
  const markdown = readFileSync(await md.path(), 'utf8');
  expect(markdown).toContain('Follow up on the late meetings');
  for (const line of TRANSCRIPT_LINES) expect(markdown).toContain(`${line.speaker}: ${line.text}`);

  const [vtt] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export transcript (VTT)' }).click(),
  ]);
  const text = readFileSync(await vtt.path(), 'utf8');
  expect(text.startsWith('WEBVTT')).toBe(true);
  expect(text.match(/-->/g)).toHaveLength(TRANSCRIPT_LINES.length);
  expect(text).toContain(`<v ${TRANSCRIPT_LINES[0].speaker}>${TRANSCRIPT_LINES[0].text}`);
});
