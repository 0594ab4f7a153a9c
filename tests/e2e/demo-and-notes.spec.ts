/**
 * Demo data tells the truth: seeded sessions are marked "Demo" in the table, claim no transcript or analysis, and
 * their review says there is no recording (no broken player, no red error). Notes are signed with the coach's name
 * from Settings rather than "admin".
 */
import { mkdirSync } from 'node:fs';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} a demo session is marked and its review explains there is no recording`, async ({
    library,
    api,
    page,
  }) => {
    await page.setViewportSize(viewport);
    const all = await api.sessions.list({ limit: 500, exclude_failed: false });
    expect(all.items.every((s) => s.synthetic)).toBe(true);
    expect(all.items.filter((s) => s.analysis_status !== 'none' || s.transcript_status !== 'none')).toEqual([]);

    const id = await library.firstRowId();
    await expect(library.row(id).locator('.demo-tag')).toHaveText('Demo');
    await library.row(id).getByTestId('open-session').click();
    const notice = page.getByTestId('session-notice');
    await expect(notice).toHaveAttribute('data-kind', 'demo');
    await expect(notice).toContainText('no recording');
    await expect(page.getByTestId('review-video')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Analyze/ })).toHaveCount(0);
    await expect(page.getByTestId('analysis-status')).toHaveText('Analysis: Not analyzed');
    await page.screenshot({ path: docsScreenshotPath(`demo-review-${viewportName(viewport)}.png`) });
  });
}

test('notes are signed with the name set in Settings', async ({ library, api, page }) => {
  await page.getByRole('link', { name: 'Settings' }).click();
  const settings = page.getByRole('main', { name: 'Settings' });
  await settings.getByRole('textbox', { name: 'Your name' }).fill('Kim Park');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('toast-success')).toContainText('Settings saved');
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Library' }).click();
  expect((await api.settings.get({})).display_name).toBe('Kim Park');

  const id = await library.firstRowId();
  await library.row(id).getByTestId('open-session').click();
  await page.getByTestId('note-text').fill('Ask about the morning routine next time');
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('marker').filter({ hasText: 'Ask about the morning routine' });
  await expect(note).toContainText('Kim Park:');
  await expect(note).not.toContainText('admin');
  const stored = await api.review.markers({ id });
  expect(stored.items.find((m) => m.text.startsWith('Ask about'))?.author).toBe('Kim Park');
});

test('a watch folder that does not exist is flagged in Settings', async ({ library, page }, testInfo) => {
  await expect(library.table).toBeVisible();
  const real = testInfo.outputPath('Recordings here');
  mkdirSync(real, { recursive: true });
  const gone = testInfo.outputPath('Old laptop recordings');
  await page.getByRole('link', { name: 'Settings' }).click();
  const dialog = page.getByRole('main', { name: 'Settings' });
  for (const folder of [real, gone]) {
    await dialog.getByRole('textbox', { name: 'Folder to watch' }).fill(folder);
    await dialog.getByRole('button', { name: 'Add folder' }).click();
  }
  const list = dialog.getByRole('list', { name: 'Watched folders' });
  await expect(list.locator('li').filter({ hasText: gone }).getByTestId('folder-missing')).toContainText(
    'does not exist',
  );
  await expect(list.locator('li').filter({ hasText: real }).getByTestId('folder-missing')).toHaveCount(0);
  await page.screenshot({ path: docsScreenshotPath('settings-missing-folder.png') });
});

test('the first note asks for a name once, signs with it, and is not asked again', async ({ library, api, page }) => {
  const id = await library.firstRowId();
  await library.row(id).getByTestId('open-session').click();
  await page.getByTestId('note-text').fill('Open with the goal from last week');
  await page.getByRole('button', { name: 'Add note' }).click();
  const ask = page.getByRole('dialog', { name: 'Sign your notes' });
  await ask.getByRole('textbox', { name: 'Your name' }).fill('Kim Park');
  await ask.getByRole('button', { name: 'Save and add the note' }).click();
  await expect(page.getByTestId('marker').filter({ hasText: 'Open with the goal' })).toContainText('Kim Park:');
  expect((await api.settings.get({})).display_name).toBe('Kim Park');

  await page.getByTestId('note-text').fill('Then the blockers');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('marker').filter({ hasText: 'Then the blockers' })).toContainText('Kim Park:');
  await expect(ask).toHaveCount(0);
});
