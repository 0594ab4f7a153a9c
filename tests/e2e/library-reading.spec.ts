/**
 * Issue 24, item 9: the library read by keyboard and by eye. From a fresh page load a few Tabs reach the first
 * session row (a "Skip to sessions" link leads the page), and the Match column of a search shows the matched word
 * itself, not the words before it cut off by the cell's ellipsis. At the window sizes coaches use.
 */
import type { Page } from '@playwright/test';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

/** Tabs pressed from the page's start until the focus is on a session row (Enter taken on a skip link). */
async function tabsToFirstRow(page: Page, limit: number): Promise<number> {
  const focusedId = () =>
    page
      .locator(':focus')
      .getAttribute('data-testid', { timeout: 2_000 })
      .catch(() => null);
  const focusedClass = () =>
    page
      .locator(':focus')
      .getAttribute('class', { timeout: 2_000 })
      .catch(() => null);
  for (let n = 1; n <= limit; n++) {
    await page.keyboard.press('Tab');
    if ((await focusedId()) === 'session-row') return n;
    if ((await focusedClass())?.includes('skip-link')) {
      await page.keyboard.press('Enter');
      if ((await focusedId()) === 'session-row') return n;
    }
  }
  return limit + 1;
}

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)}: a few Tabs from page load reach the first session row`, async ({
    library,
    page,
    server,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto(server.webUrl);
    await library.waitUntilLoaded();
    const first = await library.firstRowId();
    const tabs = await tabsToFirstRow(page, 20);
    expect(tabs, 'Tabs (plus one Enter on "Skip to sessions") to the first row').toBeLessThanOrEqual(4);
    await expect(library.row(first)).toBeFocused();
    await page.keyboard.press('ArrowDown'); // the rows take the arrows from there
    await expect(library.row(first)).not.toBeFocused();
  });

  test(`at ${viewportName(viewport)}: the Match column shows the matched word, not the words before it`, async ({
    library,
    api,
    page,
  }) => {
    await page.setViewportSize(viewport);
    const id = await library.firstRowId();
    await api.sessions.update({
      id,
      title:
        'Quarterly planning conversation about hiring plans, budget reviews, the offsite agenda and at long last ' +
        'the Zanzibar partnership',
    });
    await library.search.fill('zanzibar');
    await expect(library.rows).toHaveCount(1);
    const snippet = library.row(id).getByTestId('search-snippet');
    const mark = snippet.locator('mark');
    await expect(mark).toHaveText('Zanzibar');
    // The whole matched word lies inside the cell's visible box, with "…" before it.
    const cell = await snippet.boundingBox();
    const word = await mark.boundingBox();
    expect(cell && word).toBeTruthy();
    expect(word!.x).toBeGreaterThanOrEqual(cell!.x);
    expect(word!.x + word!.width).toBeLessThanOrEqual(cell!.x + cell!.width + 0.5);
    await expect(snippet).toContainText('…');
    await page.screenshot({ path: docsScreenshotPath(`search-snippet-${viewportName(viewport)}.png`) });
  });
}
