/** Opening the web UI without a valid token explains what to do instead of showing an empty library. */
import { expect, test } from './fixtures/test.js';

test('a wrong token shows a readable error, not an empty library', async ({ page, server }) => {
  await page.goto(`${server.url}/#token=not-the-token`);
  await expect(page.getByTestId('error-bar')).toContainText('access token is missing or no longer valid');
  await expect(page.getByTestId('empty-state')).toHaveCount(0);
  await expect(page).toHaveURL(`${server.url}/`); // even a wrong token leaves the address bar
});

test('no token at all says how to get one; the token survives a reload', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('missing-token')).toContainText('filmroom token');

  await page.goto(server.webUrl);
  await expect(page.getByTestId('session-row').first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('session-row').first()).toBeVisible();
  await expect(page.getByTestId('missing-token')).toHaveCount(0);
});
