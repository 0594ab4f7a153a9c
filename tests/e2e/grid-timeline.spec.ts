/**
 * The grid spans the whole library as the table does (issue 24, item 7): at 100,000 sessions it is as tall as all
 * its lines of cards from the first page, the month scrubber beside it jumps to a month (the month's newest session
 * is on the top line), the keyboard's End on the scrubber goes to the oldest month, the end of the scrollbar shows
 * the oldest session, and only the cards in view are in the page. At the three window sizes, with screenshots.
 */
import type { Page } from '@playwright/test';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

/** Must match GRID_LINE_HEIGHT (renderer/features/library/grid-metrics.ts). */
const LINE = 252;

test.use({ seedSessions: 100_000, timezoneId: 'UTC' });
// Seeding 100,000 sessions takes a while on a shared box, before the test body starts.
test.describe.configure({ timeout: 300_000 });

/** The ids of the cards on the first line whose top is in view (below the grid's top edge). */
async function topLine(page: Page): Promise<string[]> {
  return page.getByTestId('session-grid-scroll').evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const cards = [...el.querySelectorAll('[data-testid="session-card"]')]
      .map((c) => ({ id: c.getAttribute('data-session-id') ?? '', y: Math.round(c.getBoundingClientRect().top) }))
      .filter((c) => c.y >= top - 1)
      .sort((a, b) => a.y - b.y);
    return cards.filter((c) => c.y === cards[0]?.y).map((c) => c.id);
  });
}

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} the grid's scrollbar and month scrubber reach anywhere in 100,000 sessions`, async ({
    library,
    page,
    api,
  }) => {
    await page.setViewportSize(viewport);
    const { total } = await api.sessions.list({ limit: 1 });
    expect(total).toBeGreaterThan(80_000);
    await library.expectTotal(total);
    await page.getByRole('button', { name: 'Grid view' }).click();
    const grid = page.getByRole('grid', { name: 'Sessions' });
    await expect(page.getByTestId('session-card').first()).toBeVisible();
    const columns = Number(await grid.getAttribute('aria-colcount'));
    expect(columns).toBeGreaterThan(1);
    // As tall as every line of cards from the first page on, not the 50 sessions loaded first.
    expect(Number(await grid.getAttribute('aria-rowcount'))).toBe(Math.ceil(total / columns));
    const scroller = page.getByTestId('session-grid-scroll');
    expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThanOrEqual(Math.ceil(total / columns) * LINE);

    // A month from the middle of the library: its newest session is on the top line of cards.
    const months = (await api.sessions.months({})).items;
    const scrubber = page.getByRole('slider', { name: 'Timeline: jump to a month' });
    await expect(scrubber).toBeVisible();
    const target = months[Math.floor(months.length / 2)]!;
    const start = months.slice(0, months.indexOf(target)).reduce((n, m) => n + m.count, 0);
    const newest = (await api.sessions.list({ offset: start, limit: 1 })).items[0]!;
    expect(newest.recorded_at.slice(0, 7)).toBe(target.month);
    await page.locator(`[data-month="${target.month}"]`).click();
    await expect.poll(() => topLine(page)).toContain(newest.id);
    await expect(page.getByTestId('card-skeleton')).toHaveCount(0);
    // The cards before it on that line are the end of the newer month.
    const line = await topLine(page);
    expect(line.indexOf(newest.id)).toBe(start % columns);
    expect(await page.getByTestId('session-card').count()).toBeLessThan(100);
    await page.screenshot({ path: docsScreenshotPath(`grid-timeline-${viewportName(viewport)}.png`) });

    // The keyboard: End on the scrubber goes to the oldest month.
    await scrubber.focus();
    await page.keyboard.press('End');
    const oldestMonth = months.at(-1)!;
    const oldestStart = total - oldestMonth.count;
    const first = (await api.sessions.list({ offset: oldestStart, limit: 1 })).items[0]!;
    await expect(page.locator(`[data-testid="session-card"][data-session-id="${first.id}"]`)).toBeVisible();

    // The end of the scrollbar: the oldest session, as the last card.
    const oldest = (await api.sessions.list({ sort: 'recorded_at', limit: 1 })).items[0]!;
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(page.locator(`[data-testid="session-card"][data-session-id="${oldest.id}"]`)).toBeInViewport();
    await expect(page.getByTestId('card-skeleton')).toHaveCount(0);
  });
}
