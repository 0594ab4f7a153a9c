/**
 * Multi-select in the library table at the window sizes coaches use: checkboxes, Shift+click ranges, a selection
 * that survives scrolling the virtual list, Ctrl+A over the current view, cleared by a filter change; bulk move to
 * the trash (Cancel focused, every session listed), CSV of the selection, and re-analyze reporting what it could
 * not do.
 */
import { readFileSync } from 'node:fs';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} a shift-click range survives scrolling and moves to the trash`, async ({
    library,
    page,
    api,
  }) => {
    await page.setViewportSize(viewport);
    const before = await api.sessions.list({ limit: 1 });
    const ids = (await library.renderedIds()).slice(0, 5);
    expect(ids).toHaveLength(5);

    await library.row(ids[0]!).getByTestId('select-session').click();
    await library
      .row(ids[4]!)
      .getByTestId('select-session')
      .click({ modifiers: ['Shift'] });
    const bar = page.getByTestId('selection-bar');
    await expect(bar.getByTestId('selection-count')).toHaveText('5 selected');
    for (const id of ids) await expect(library.row(id)).toHaveAttribute('aria-selected', 'true');

    // Far down the virtual list (the selected rows leave the DOM) and back: still selected.
    await library.scrollToIndex(250);
    await expect(library.row(ids[0]!)).toHaveCount(0);
    await library.scrollToIndex(0);
    for (const id of ids) await expect(library.row(id).getByTestId('select-session')).toBeChecked();
    await expect(bar.getByTestId('selection-count')).toHaveText('5 selected');
    await page.screenshot({ path: docsScreenshotPath(`selection-${viewportName(viewport)}.png`) });

    const titles = await Promise.all(ids.map(async (id) => (await api.sessions.get({ id })).title));
    await bar.getByRole('button', { name: 'Move to trash…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move 5 sessions to the trash?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    for (const title of titles) await expect(dialog.getByTestId('bulk-delete-list')).toContainText(title);
    await page.screenshot({ path: docsScreenshotPath(`bulk-delete-${viewportName(viewport)}.png`) });

    await dialog.getByRole('button', { name: 'Move 5 sessions to the trash' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('toast-success')).toContainText('Moved 5 sessions to the trash');
    for (const id of ids) await expect(library.row(id)).toHaveCount(0);
    await expect(bar).toBeHidden();
    await library.expectTotal(before.total - 5);
    const trash = (await api.trash.list({})).items.map((s) => s.id);
    expect(trash.sort()).toEqual([...ids].sort());
  });
}

test('Enter on the bulk question does nothing destructive; Escape closes it', async ({ library, page, api }) => {
  const ids = (await library.renderedIds()).slice(0, 2);
  for (const id of ids) await library.row(id).getByTestId('select-session').click();
  await page.getByTestId('bulk-delete').click();
  const dialog = page.getByRole('dialog', { name: 'Move 2 sessions to the trash?' });
  await page.keyboard.press('Enter'); // Cancel has the focus
  await expect(dialog).toBeHidden();
  for (const id of ids) expect((await api.sessions.get({ id })).id).toBe(id);
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.keyboard.press('Escape'); // with no dialog open, Escape clears the selection
  await expect(page.getByTestId('selection-bar')).toBeHidden();
});

test('Ctrl+A selects the loaded rows of the view, Space toggles one, a filter change clears', async ({
  library,
  page,
}) => {
  await library.rows.first().focus();
  await page.keyboard.press('Control+a');
  // Every loaded row (the first page, and windows fetched where the table was shown), not just those rendered.
  await expect(page.getByTestId('selection-count')).toHaveText(/^\d+ selected$/);
  const loaded = Number((await page.getByTestId('selection-count').textContent())!.replace(/\D/g, ''));
  expect(loaded).toBeGreaterThan(await library.rows.count());
  // Fewer than the whole list: rows are loaded where the table was shown (the status bar counts the list).
  const total = Number((await library.shownCount.textContent())!.replace(/\D/g, ''));
  expect(loaded).toBeLessThan(total);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('selection-count')).toHaveText(`${loaded - 1} selected`);
  await expect(library.rows.first()).toHaveAttribute('aria-selected', 'false');

  await library.statusFilter.selectOption('ready');
  await expect(page.getByTestId('selection-bar')).toBeHidden();
  await expect(page.locator('[data-testid="session-row"][aria-selected="true"]')).toHaveCount(0);
});

test('Export CSV of the selection writes exactly the selected sessions, as the server CSV does', async ({
  library,
  page,
  api,
}) => {
  const ids = (await library.renderedIds()).slice(0, 3);
  for (const id of ids) await library.row(id).getByTestId('select-session').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('bulk-export').click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trim().split('\r\n');
  const server = (await api.sessions.exportCsv({})).split('\r\n');
  expect(lines[0]).toBe(server[0]); // the same header
  expect(lines).toHaveLength(4);
  for (const [i, id] of ids.entries()) {
    // The same cells as the server writes for that session.
    expect(lines[i + 1]).toBe(server.find((line) => line.startsWith(`${id},`)));
  }
});

test('Re-analyze names the sessions it could not queue and why', async ({ library, page }) => {
  // Seeded demo sessions have no recording: the server refuses each with its reason.
  const ids = (await library.renderedIds()).slice(0, 2);
  for (const id of ids) await library.row(id).getByTestId('select-session').click();
  const firstTitle = await library.row(ids[0]!).getByTestId('open-session').textContent();
  await page.getByTestId('bulk-analyze').click();
  await expect(page.getByTestId('toast-error')).toContainText('2 sessions could not');
  await expect(page.getByTestId('toast-error')).toContainText(`“${firstTitle}”`);
});

test('Back up selected is disabled with the reason while S3 is not configured', async ({ library, page }) => {
  await library
    .row(await library.firstRowId())
    .getByTestId('select-session')
    .click();
  const button = page.getByTestId('bulk-backup');
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toHaveAttribute('title', /S3 is not configured/);
  await button.click({ force: true }); // aria-disabled keeps it focusable; a click does nothing
  await expect(page.getByRole('dialog', { name: 'Uploads' })).toHaveCount(0);
  await expect(page.getByTestId('toast-success')).toHaveCount(0);
});

test.describe('over more sessions than one page', () => {
  test.use({ seedSessions: 600 });

  test('"Select all N matching" trashes the whole filtered set but the unticked row', async ({
    library,
    page,
    api,
  }) => {
    test.setTimeout(150_000);
    const before = await api.sessions.list({ limit: 1 });
    expect(before.total).toBeGreaterThan(500); // more than the list's largest page: the bar must page through
    await library.rows.first().focus();
    await page.keyboard.press('Control+a');
    const bar = page.getByTestId('selection-bar');
    const loaded = Number((await bar.getByTestId('selection-count').textContent())!.replace(/\D/g, ''));
    expect(loaded).toBeLessThan(before.total);

    await bar.getByTestId('select-all-matching').click();
    await expect(bar.getByTestId('selection-count')).toHaveText(
      `All ${before.total.toLocaleString('en-US')} matching selected`,
    );
    const kept = await library.firstRowId();
    await library.row(kept).getByTestId('select-session').click();
    await expect(bar.getByTestId('selection-count')).toHaveText(
      `All ${(before.total - 1).toLocaleString('en-US')} matching selected`,
    );
    await page.screenshot({ path: docsScreenshotPath('select-all-matching.png') });

    await bar.getByTestId('bulk-delete').click();
    const dialog = page.getByTestId('delete-all-matching-dialog');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByTestId('confirm-delete-all-matching').click();
    // The bar pages through the list, then moves each session, saying how far it is.
    await expect(bar.getByTestId('selection-working')).toHaveText(
      new RegExp(`^Moving to the trash [\\d,]+ of ${(before.total - 1).toLocaleString('en-US')}…$`),
    );
    await expect(page.getByTestId('toast-success')).toContainText(
      `Moved ${(before.total - 1).toLocaleString('en-US')} sessions to the trash`,
      { timeout: 90_000 },
    );
    await expect(bar).toBeHidden();
    const after = await api.sessions.list({ limit: 5 });
    expect(after.total).toBe(1);
    expect(after.items.map((s) => s.id)).toEqual([kept]);
    expect((await api.trash.list({})).total).toBe(before.total - 1);
    await library.expectTotal(1);
  });

  test('a filter change clears a selection over all matching', async ({ library, page }) => {
    await library.rows.first().focus();
    await page.keyboard.press('Control+a');
    await page.getByTestId('select-all-matching').click();
    await expect(page.getByTestId('selection-count')).toHaveText(/^All .* matching selected$/);
    await library.statusFilter.selectOption('ready');
    await expect(page.getByTestId('selection-bar')).toBeHidden();
  });
});
