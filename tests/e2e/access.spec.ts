/**
 * The browser app's sign-in: without a token, or with one the server refuses, a sign-in screen explains itself
 * (no red banners, no empty library); pasting the printed link signs in, and "Stay signed in" makes a bookmarked
 * address open the library in a new tab. A page load logs no console errors (CSP, favicon).
 */
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test('a wrong token lands on the sign-in screen saying so, and leaves the address bar', async ({ page, server }) => {
  await page.goto(`${server.url}/#token=not-the-token`);
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await expect(page.getByTestId('sign-in-problem')).toContainText('no longer accepted');
  await expect(page.getByTestId('error-bar')).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toHaveCount(0);
  await expect(page).toHaveURL(`${server.url}/`); // even a wrong token leaves the address bar
});

test('a refused paste is explained; the token survives a reload', async ({ page, server }) => {
  await page.goto(server.url);
  const box = page.getByLabel('Link or token');
  await box.fill('wrong-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-problem')).toContainText('did not accept');

  await page.goto(server.webUrl);
  await expect(page.getByTestId('session-row').first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('session-row').first()).toBeVisible();
  await expect(page.getByTestId('sign-in')).toHaveCount(0);
});

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} a bookmark signs in once, then opens directly in a new tab`, async ({
    page,
    server,
    context,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.setViewportSize(viewport);
    await page.goto(server.url); // a bookmarked address: no token in it
    const signIn = page.getByTestId('sign-in');
    await expect(signIn).toContainText('filmroom open');
    await expect(page.getByTestId('missing-token')).toHaveCount(0);
    await expect(page.getByTestId('error-bar')).toHaveCount(0);
    await page.screenshot({ path: docsScreenshotPath(`sign-in-${viewportName(viewport)}.png`) });

    await page.getByLabel('Link or token').fill(server.webUrl); // the whole printed link
    await expect(page.getByRole('checkbox', { name: /Stay signed in/ })).toBeChecked();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('session-row').first()).toBeVisible();

    const other = await context.newPage();
    await other.goto(server.url);
    await expect(other.getByTestId('session-row').first()).toBeVisible();
    await other.goto('about:blank');
    await other.close();
    await page.goto('about:blank');
    expect(errors).toEqual([]);
  });
}
