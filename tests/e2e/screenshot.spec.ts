/** Table behaviour at scale-ish, and the README screenshot of the library. */
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';

test('the table spans the whole list while only the visible rows are in the DOM', async ({ library, api }) => {
  const total = (await api.sessions.list({ limit: 1 })).total;
  expect(total).toBeGreaterThan(250); // more than the first page of 50 and a window of 100 after it
  // The status bar counts the list, not what is loaded: the table is as tall as every session from the start.
  await expect(library.shownCount).toHaveText(`${total} sessions`);

  const scroller = library.page.getByTestId('session-table-scroll');
  expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThan(total * 40);
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(library.page.locator(`[data-testid="session-row"][aria-rowindex="${total + 1}"]`)).toBeVisible();
  expect(await library.rows.count()).toBeLessThan(80);
  await expect(library.table).toHaveAttribute('aria-rowcount', String(total + 1));
});

test('screenshot of the library for the README', async ({ library, page }) => {
  await expect(page.getByTestId('storage-used')).toContainText('GB');
  await expect(page.getByTestId('live-state')).toContainText('Live');
  await library.rows.first().hover();
  await page.screenshot({ path: docsScreenshotPath('screenshot.png') });
});
