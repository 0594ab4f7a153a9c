/** Table behaviour at scale-ish, and the README screenshot of the library. */
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';

test('scrolling loads further pages while only the visible rows are in the DOM', async ({ library, api }) => {
  const total = (await api.sessions.list({ limit: 1 })).total;
  expect(total).toBeGreaterThan(250); // more than the first page of 50 and the page of 200 after it
  // The first page (50) fills the screen; fewer than 60 loaded rows below the viewport fetch the next 200 at once.
  await expect(library.shownCount).toHaveText(`250 of ${total} sessions loaded`);

  const scroller = library.page.getByTestId('session-table-scroll');
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(library.shownCount).toHaveText(`${total} sessions`);
  expect(await library.rows.count()).toBeLessThan(80);
  await expect(library.table).toHaveAttribute('aria-rowcount', String(total + 1));
});

test('screenshot of the library for the README', async ({ library, page }) => {
  await expect(page.getByTestId('storage-used')).toContainText('GB');
  await expect(page.getByTestId('live-state')).toContainText('Live');
  await library.rows.first().hover();
  await page.screenshot({ path: docsScreenshotPath('screenshot.png') });
});
