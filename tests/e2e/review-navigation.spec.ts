/** Opening a session from a filtered library (keyboard), and coming back to the same filters. */
import { expect, test } from './fixtures/test.js';

test('Enter on a title opens its review; back shows the library with its filters', async ({ library, api, page }) => {
  await library.statusFilter.selectOption('ready');
  const ready = await api.sessions.list({ limit: 1, status_filter: 'ready' });
  await library.expectTotal(ready.total);
  const id = await library.firstRowId();
  const session = await api.sessions.get({ id });

  await library.row(id).getByTestId('open-session').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/sessions/${id}$`));
  await expect(page.getByTestId('review-title')).toHaveText(session.title);
  await expect(page.getByTestId('analysis-status')).toContainText('Analysis:');

  await page.getByRole('button', { name: '← Library' }).click();
  await expect(library.statusFilter).toHaveValue('ready');
  await library.expectTotal(ready.total);
  await expect(library.row(id)).toBeVisible();
});
