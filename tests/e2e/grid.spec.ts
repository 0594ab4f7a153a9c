/**
 * The grid view at the window sizes coaches use: real recordings (ffmpeg testsrc2) imported and analysed for
 * real show their poster frames, demo sessions a neutral placeholder; arrows move between cards, Enter opens the
 * review; the choice of view is remembered; and the grid stays virtualised on a large library.
 */
import type { Page } from '@playwright/test';
import type { FilmroomClient } from '../../shared/contract/index.js';
import { GRID_VIDEOS } from './fixtures/media.js';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

const focusedId = (page: Page) =>
  page.evaluate(
    () =>
      (
        globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
      ).document.activeElement?.getAttribute('data-session-id') ?? null,
  );

/** Imports a recording and waits for its analysis (started here if the import did not start it). */
async function importAnalysed(api: FilmroomClient, path: string): Promise<string> {
  const id = (await api.sessions.import({ path })).sessions[0]?.id ?? '';
  await expect
    .poll(async () => (await api.sessions.get({ id })).status, { timeout: 30_000 })
    .toMatch(/uploaded|processing|ready/);
  if ((await api.sessions.get({ id })).analysis_status === 'none') await api.analysis.analyze({ id });
  await expect.poll(async () => (await api.analysis.result({ id })).status, { timeout: 90_000 }).toBe('ready');
  return id;
}

test.describe('grid with real thumbnails', () => {
  test.use({ seedSessions: 12 });

  for (const viewport of VIEWPORTS) {
    test(`at ${viewportName(viewport)} cards show analysed posters, placeholders, and move by keyboard`, async ({
      library,
      page,
      api,
    }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(viewport);
      const real = [await importAnalysed(api, GRID_VIDEOS[0]), await importAnalysed(api, GRID_VIDEOS[1])];

      // The table shows the same poster frames, small, at the start of the title cell; demo rows a placeholder.
      for (const id of real) {
        const thumb = library.row(id).getByTestId('row-poster');
        await expect(thumb).toBeVisible();
        await expect
          .poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
          .toBeGreaterThan(0);
      }
      const demoRow = library.rows.filter({ hasText: 'Demo' }).first();
      await expect(demoRow.locator('.row-thumb')).toBeVisible();
      await expect(demoRow.getByTestId('row-poster')).toHaveCount(0);
      await expect // the thumbnails leave the table without sideways scrolling
        .poll(() => library.table.evaluate((el) => el.parentElement!.scrollWidth - el.parentElement!.clientWidth))
        .toBeLessThanOrEqual(1);
      await page.screenshot({ path: docsScreenshotPath(`table-thumbnails-${viewportName(viewport)}.png`) });

      await page.getByRole('button', { name: 'Grid view' }).click();
      await expect(page.getByRole('grid', { name: 'Sessions' })).toBeVisible();
      for (const id of real) {
        const poster = page.locator(`[data-testid="session-card"][data-session-id="${id}"]`).getByTestId('card-poster');
        await expect(poster).toBeVisible();
        // The image really loaded from the signed artifact URL (not a broken image).
        await expect
          .poll(() => poster.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
          .toBeGreaterThan(0);
        const src = await poster.getAttribute('src');
        const got = await fetch(src ?? '');
        expect(got.headers.get('content-type')).toContain('image/jpeg');
      }
      const demo = page.locator('[data-testid="session-card"]').filter({ hasText: 'Demo' }).first();
      await expect(demo.getByTestId('card-placeholder')).toHaveText('Demo: no recording');
      await page.screenshot({ path: docsScreenshotPath(`grid-${viewportName(viewport)}.png`) });

      // Keyboard: → next card, ↓ a line down, Space selects, Enter opens the review.
      const columns = Number(await page.getByRole('grid', { name: 'Sessions' }).getAttribute('aria-colcount'));
      expect(columns).toBeGreaterThan(1);
      const ids = await page
        .getByTestId('session-card')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-session-id') ?? ''));
      await page.getByTestId('session-card').first().focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => focusedId(page)).toBe(ids[1]);
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focusedId(page)).toBe(ids[1 + columns]);
      await page.keyboard.press('Space');
      await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`#/sessions/${ids[1 + columns]}$`));
      await page.getByRole('button', { name: '← Library' }).click();
      await expect(page.getByRole('grid', { name: 'Sessions' })).toBeVisible();

      // Remembered across a reload.
      await page.reload();
      await expect(page.getByRole('grid', { name: 'Sessions' })).toBeVisible();
      await page.getByRole('button', { name: 'Table view' }).click();
      await expect(library.table).toBeVisible();
    });
  }
});

test.describe('grid on a large library', () => {
  test.use({ seedSessions: 5000 });

  test('only the cards in view are in the page, and the grid spans the whole list', async ({ page, library, api }) => {
    await page.getByRole('button', { name: 'Grid view' }).click();
    const scroller = page.getByTestId('session-grid-scroll');
    await expect(page.getByTestId('session-card').first()).toBeVisible();
    const rendered = await page.getByTestId('session-card').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(120);
    // As tall as the whole list from the first page (not the 50 sessions loaded first): the end of the scrollbar
    // shows the oldest session, fetched where the grid landed, and the DOM stays small.
    const { total } = await api.sessions.list({ limit: 1 });
    await library.expectTotal(total);
    const columns = Number(await page.getByRole('grid', { name: 'Sessions' }).getAttribute('aria-colcount'));
    expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThanOrEqual(Math.ceil(total / columns) * 252);
    const oldest = (await api.sessions.list({ sort: 'recorded_at', limit: 1 })).items[0]!;
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(page.locator(`[data-testid="session-card"][data-session-id="${oldest.id}"]`)).toBeInViewport();
    await expect(page.getByTestId('card-skeleton')).toHaveCount(0);
    expect(await page.getByTestId('session-card').count()).toBeLessThan(120);
  });
});

test.describe('grid grouped by month', () => {
  test.use({ seedSessions: 60 });

  for (const viewport of VIEWPORTS) {
    test(`at ${viewportName(viewport)} month headers count the loaded cards, ↓ crosses a header, the choice is kept`, async ({
      page,
      library,
    }) => {
      await page.setViewportSize(viewport);
      await page.getByRole('button', { name: 'Grid view' }).click();
      await page.getByTestId('group-by').selectOption('month');
      const headers = page.getByTestId('grid-group');
      await expect(headers.first()).toBeVisible();
      expect(await headers.count()).toBeGreaterThan(1);

      // The DOM in list order: each header, then its cards. Counts match the cards under each fully shown group.
      const order = await page
        .locator('[data-testid="grid-group"], [data-testid="session-card"]')
        .evaluateAll((els) =>
          els.map((el) =>
            el.getAttribute('data-testid') === 'grid-group'
              ? { header: el.querySelector('[role="rowheader"]')?.textContent ?? '', count: el.textContent ?? '' }
              : { card: el.getAttribute('data-session-id') ?? '' },
          ),
        );
      const groups: { header: string; count: string; cards: string[] }[] = [];
      for (const item of order) {
        if ('header' in item) groups.push({ header: item.header, count: item.count, cards: [] });
        else groups.at(-1)?.cards.push(item.card);
      }
      expect(groups[0]!.header).toMatch(/^[A-Z][a-z]+ \d{4}$/);
      expect(groups[0]!.count).toContain(`${groups[0]!.cards.length} session`);
      // Newest first: the months go back in time.
      expect(new Date(`1 ${groups[0]!.header}`).getTime()).toBeGreaterThan(
        new Date(`1 ${groups[1]!.header}`).getTime(),
      );
      await page.screenshot({ path: docsScreenshotPath(`grid-grouped-${viewportName(viewport)}.png`) });

      // ↓ from the first group's last card lands in the next group's first line of cards.
      const columns = Number(await page.getByRole('grid', { name: 'Sessions' }).getAttribute('aria-colcount'));
      const last = groups[0]!.cards.at(-1)!;
      await page.locator(`[data-testid="session-card"][data-session-id="${last}"]`).focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focusedId(page)).not.toBe(last);
      expect(groups[1]!.cards.slice(0, columns)).toContain(await focusedId(page));

      // Remembered across a reload.
      await page.reload();
      await expect(page.getByTestId('group-by')).toHaveValue('month');
      await expect(page.getByTestId('grid-group').first()).toBeVisible();
      await page.getByTestId('group-by').selectOption('none');
      await expect(page.getByTestId('grid-group')).toHaveCount(0);
      await expect(library.shownCount).toBeVisible();
    });
  }
});
