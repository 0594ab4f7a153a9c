/**
 * Editing a session's title, client, participants and tags from a table row and from the review header, and
 * "Export CSV" of the whole filtered set (not just the loaded page), at the window sizes coaches use.
 */
import { readFileSync } from 'node:fs';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} a session is edited from its row and from its review`, async ({
    library,
    api,
    page,
  }) => {
    await page.setViewportSize(viewport);
    const id = await library.firstRowId();
    await library.row(id).getByTestId('edit-session').click();
    const dialog = page.getByRole('dialog', { name: 'Edit session' });
    await dialog.getByLabel('Title', { exact: true }).fill('Goal setting with Priya');
    await dialog.getByLabel('Client', { exact: true }).fill('Priya Shah');
    await dialog.getByLabel('Participants').fill('Priya Shah (client)\nKim Park (coach)');
    await dialog.getByLabel('Tags', { exact: true }).fill('goals, follow-up, goals');
    await page.screenshot({ path: docsScreenshotPath(`edit-session-${viewportName(viewport)}.png`) });
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect(dialog).toBeHidden();

    await expect(library.row(id).getByTestId('open-session')).toContainText('Goal setting with Priya');
    const saved = await api.sessions.get({ id });
    expect(saved.client).toBe('Priya Shah');
    expect(saved.participants).toEqual([
      { name: 'Priya Shah', role: 'client' },
      { name: 'Kim Park', role: 'coach' },
    ]);
    expect(saved.tags).toEqual(['goals', 'follow-up']);

    // From the review header: the heading follows the edit at once.
    await library.row(id).getByTestId('open-session').click();
    await expect(page.getByTestId('review-title')).toHaveText('Goal setting with Priya');
    await expect(page.getByTestId('review-tags')).toContainText('goals, follow-up');
    await page.getByRole('button', { name: 'Edit details' }).click();
    const again = page.getByRole('dialog', { name: 'Edit session' });
    await expect(again.getByLabel('Participants')).toHaveValue('Priya Shah (client)\nKim Park (coach)');
    await again.getByLabel('Title', { exact: true }).fill('Goal setting, second round');
    await again.getByLabel('Title', { exact: true }).press('Enter');
    await expect(again).toBeHidden();
    await expect(page.getByTestId('review-title')).toHaveText('Goal setting, second round');
    expect((await api.sessions.get({ id })).title).toBe('Goal setting, second round');
    await page.getByRole('button', { name: '← Library' }).click();
    await expect(library.row(id).getByTestId('open-session')).toContainText('Goal setting, second round');
  });
}

test('Export CSV downloads every session matching the filters, beyond the loaded page', async ({ library, api }) => {
  const page = library.page;
  await library.hideFailed.uncheck();
  const all = await api.sessions.list({ limit: 1, exclude_failed: false });
  await library.expectTotal(all.total);
  expect(all.total).toBeGreaterThan(200); // more than the first loaded page
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^filmroom-sessions-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  const ids = new Set(text.match(/ses_\w+/g) ?? []);
  expect(ids.size).toBe(all.total);

  await library.statusFilter.selectOption('ready');
  const ready = await api.sessions.list({ limit: 1, status_filter: 'ready' });
  await library.expectTotal(ready.total);
  const [readyDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const readyIds = new Set(readFileSync(await readyDownload.path(), 'utf8').match(/ses_\w+/g) ?? []);
  expect(readyIds.size).toBe(ready.total);
  const sample = await api.sessions.list({ limit: 5, status_filter: 'ready' });
  for (const s of sample.items) expect(readyIds.has(s.id)).toBe(true);
});
