/**
 * Issue 24 in Chromium at the window sizes coaches use: the sidebar's places are views with their own URLs (Back
 * returns, Esc leaves a review); a move to the trash offers Undo; "Delete forever" asks first (Cancel focused) and
 * says what it did; client, platform, date and tag filters combine as chips, live in the URL and survive a reload.
 */
import { ApiError } from '../../shared/contract/index.js';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test.use({ seedSessions: 120 });

for (const viewport of VIEWPORTS) {
  const size = viewportName(viewport);

  test(`at ${size}: places in the sidebar, Undo on trash, delete forever asks`, async ({ library, api, page }) => {
    await page.setViewportSize(viewport);
    const id = await library.firstRowId();
    const { title } = await api.sessions.get({ id });

    // Move to trash, then Undo from the message.
    const dialog = await library.askToDelete(id);
    await dialog.getByRole('button', { name: 'Delete session' }).click();
    const moved = page.getByTestId('toast-success').filter({ hasText: `Moved “${title}” to the trash` });
    await expect(library.row(id)).toHaveCount(0);
    await moved.getByRole('button', { name: 'Undo' }).click();
    await expect(library.row(id)).toBeVisible();
    expect((await api.sessions.get({ id })).id).toBe(id);
    expect((await api.trash.list({})).total).toBe(0);

    // The places: each a URL, the sidebar marks where you are, Back returns.
    await api.sessions.remove({ id, trash: true });
    const places = page.getByRole('navigation', { name: 'Places' });
    for (const [name, hash, heading] of [
      ['Storage', '#/storage', 'Storage and cleanup'],
      ['Uploads', '#/uploads', 'Uploads'],
      ['Settings', '#/settings', 'Settings'],
      ['Trash', '#/trash', 'Trash'],
    ] as const) {
      await places.getByRole('link', { name }).click();
      await expect(page).toHaveURL(new RegExp(`${hash}$`));
      await expect(page.getByRole('main', { name: heading })).toBeVisible();
      await expect(places.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
      await page.screenshot({ path: docsScreenshotPath(`place-${name.toLowerCase()}-${size}.png`) });
    }
    const trash = page.getByRole('main', { name: 'Trash' });
    await expect(trash.getByTestId('trash-row')).toContainText(title);

    // Delete forever asks first, Cancel focused; Cancel keeps it.
    await trash.getByRole('button', { name: 'Delete forever' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this session forever?' });
    await expect(confirm).toContainText(title);
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.screenshot({ path: docsScreenshotPath(`delete-forever-${size}.png`) });
    await page.keyboard.press('Enter'); // Enter on the focused Cancel: nothing is deleted
    await expect(confirm).toBeHidden();
    expect((await api.trash.list({})).total).toBe(1);
    await trash.getByRole('button', { name: 'Delete forever' }).click();
    await page.getByRole('dialog', { name: 'Delete this session forever?' }).getByTestId('confirm-action').click();
    await expect(trash.getByTestId('trash-message')).toHaveText(`Deleted “${title}” for good`);
    await expect(trash.getByTestId('trash-count')).toHaveText('0');
    expect((await api.trash.list({})).total).toBe(0);
    const gone = await api.sessions.get({ id }).catch((e: unknown) => e);
    expect(gone instanceof ApiError && gone.status === 404).toBe(true);

    await page.goBack();
    await expect(page).toHaveURL(/#\/settings$/);
    await places.getByRole('link', { name: 'Library' }).click();
    await library.waitUntilLoaded();

    // The review is a place too: Esc leaves it.
    const next = await library.firstRowId();
    await library.row(next).getByTestId('open-session').click();
    await expect(page.getByTestId('review-view')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('review-view')).toHaveCount(0);
    await expect(library.table).toBeVisible();

    // `?` lists the keyboard shortcuts.
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
  });

  test(`at ${size}: filters combine as chips, live in the URL and survive a reload`, async ({ library, api, page }) => {
    await page.setViewportSize(viewport);
    const sample = (await api.sessions.list({ limit: 1 })).items[0]!;
    await api.sessions.update({ id: sample.id, tags: ['goals', 'intro'] });
    const day = sample.recorded_at.slice(0, 10);
    const from = new Date(Date.parse(day) - 90 * 86_400_000).toISOString().slice(0, 10);

    // A client by clicking it in the table (or in the Filters menu); tags are shown on the row.
    await expect(library.row(sample.id).getByTestId('row-tags')).toHaveText('goalsintro');
    await page.getByTestId('filters-button').click();
    if (viewport.width >= 1280) {
      await page.getByTestId('filters-button').click();
      await library.row(sample.id).getByTestId('client-link').click();
      await page.getByTestId('filters-button').click();
    } else {
      // The Client column collapses at 1024 px: the Filters menu names a client as well.
      await page.getByTestId('filter-client').fill(sample.client);
      await page.getByTestId('filter-client').press('Enter');
    }
    await page.getByTestId('filter-platform').selectOption(sample.platform);
    await page.getByTestId('filter-from').fill(from);
    await page.getByTestId('filter-to').fill(day);
    const tagged = page.waitForRequest((r) => r.url().includes('/api/v1/sessions?') && r.url().includes('tag=goals'));
    await page.getByTestId('filter-tag').fill('goals');
    await page.getByTestId('filter-tag').press('Enter');
    await tagged;
    await page.getByTestId('filters-button').click(); // closes the menu

    const chips = page.getByTestId('filter-chip');
    await expect(chips).toHaveText([
      `Client: ${sample.client}×`,
      /^Platform: .+×$/,
      `Recorded ${from} – ${day}×`,
      'Tag: goals×',
    ]);
    const expected = await api.sessions.list({
      limit: 1,
      client: sample.client,
      platform: sample.platform,
      from,
      to: `${day}T23:59:59.999Z`,
      tag: ['goals'],
    });
    await library.expectTotal(expected.total);
    await expect(library.row(sample.id)).toBeVisible();
    const url = new URL(page.url());
    const query = new URLSearchParams(url.hash.replace(/^#\/\?/, ''));
    expect(Object.fromEntries(query)).toMatchObject({
      client: sample.client,
      platform: sample.platform,
      from,
      to: day,
    });
    expect(query.getAll('tag')).toEqual(['goals']);
    await page.screenshot({ path: docsScreenshotPath(`filters-${size}.png`) });

    // Bookmarkable: a reload (a new tab, a bookmark) opens the same view.
    await page.reload();
    await library.waitUntilLoaded();
    await expect(chips).toHaveCount(4);
    await library.expectTotal(expected.total);

    // A chip's × removes just that filter, from the view and the URL.
    await page.getByRole('button', { name: `Remove filter Client: ${sample.client}` }).click();
    await expect(chips).toHaveCount(3);
    await expect(page).not.toHaveURL(/client=/);
    const without = await api.sessions.list({
      limit: 1,
      platform: sample.platform,
      from,
      to: `${day}T23:59:59.999Z`,
      tag: ['goals'],
    });
    await library.expectTotal(without.total);
  });
}
