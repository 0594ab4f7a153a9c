/**
 * The scrollbar spans the whole library (issue 24, item 7): dragging it to the bottom shows the oldest sessions
 * (rows fetched where it lands, not pages walked from the top), and the month scrubber beside the table jumps to a
 * month, by pointer and by keyboard. Screenshots at the three window sizes go to docs/.
 */
import type { Page } from '@playwright/test';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test.use({
  seedSessions: 3000,
  // Months are the browser's time zone's: these tests count UTC ones (the zone test below sets its own).
  timezoneId: 'UTC',
  // Headless Chromium hides scrollbars by default (Playwright passes --hide-scrollbars): show them, to drag one.
  launchOptions: {
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
    ignoreDefaultArgs: ['--hide-scrollbars'],
  },
});

/** The first real row below the sticky header: its 0-based index and recorded date. */
async function topRow(page: Page): Promise<{ index: number; recorded: string; id: string }> {
  return page.getByTestId('session-table-scroll').evaluate((el) => {
    const rows = [...el.querySelectorAll('[data-testid="session-row"]')];
    const top = el.getBoundingClientRect().top + 32; // below the header
    const visible = rows
      .filter((r) => r.getBoundingClientRect().bottom > top + 1)
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
    return {
      index: Number(visible?.getAttribute('aria-rowindex') ?? 0) - 2,
      recorded: visible?.querySelector('time')?.getAttribute('datetime') ?? '',
      id: visible?.getAttribute('data-session-id') ?? '',
    };
  });
}

test('dragging the scrollbar to the bottom shows the oldest sessions', async ({ library, page, api }) => {
  const { total } = await api.sessions.list({ limit: 1 });
  const oldest = (await api.sessions.list({ sort: 'recorded_at', limit: 1 })).items[0]!;
  await library.expectTotal(total);
  const scroller = page.getByTestId('session-table-scroll');
  // The scrollbar covers the whole list, not the 50 rows loaded first.
  expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThan(total * 40);
  await expect(page.locator(`[data-session-id="${oldest.id}"]`)).toHaveCount(0);

  // Drag the scrollbar's thumb (at the scroller's right edge, just below its top) down past the bottom.
  const box = (await scroller.boundingBox())!;
  const barWidth = await scroller.evaluate((el) => el.offsetWidth - el.clientWidth - 2);
  expect(barWidth).toBeGreaterThan(0); // a classic scrollbar to drag
  const x = box.x + box.width - 1 - barWidth / 2;
  await page.mouse.move(x, box.y + 12); // the thumb (at least 40 px tall) at the top of the track
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(x, box.y + box.height + 40, { steps: 5 });
  await page.mouse.up();
  expect(await scroller.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2)).toBe(true);

  const last = page.locator(`[data-testid="session-row"][aria-rowindex="${total + 1}"]`);
  await expect(last).toHaveAttribute('data-session-id', oldest.id);
  await expect(last).toBeVisible();
  await expect(page.getByTestId('skeleton-row')).toHaveCount(0);
});

test('the month scrubber jumps to a month, by click and by keyboard', async ({ library, page, api }) => {
  const months = (await api.sessions.months({})).items;
  expect(months.length).toBeGreaterThan(3);
  await library.waitUntilLoaded();
  const scrubber = page.getByRole('slider', { name: 'Timeline: jump to a month' });
  await expect(scrubber).toBeVisible();

  // Click a month from the middle of the library: the table's top row is that month's newest session.
  const target = months[Math.floor(months.length / 2)]!;
  const before = months.slice(0, months.indexOf(target)).reduce((n, m) => n + m.count, 0);
  await page.locator(`[data-month="${target.month}"]`).click();
  await expect.poll(async () => (await topRow(page)).index).toBe(before);
  const top = await topRow(page);
  expect(top.recorded.slice(0, 7)).toBe(target.month);
  const newest = await api.sessions.list({ from: `${target.month}-01`, limit: 1, to: monthEnd(target.month) });
  expect(top.id).toBe(newest.items[0]!.id);
  await expect(scrubber).toHaveAttribute('aria-valuetext', new RegExp(`^${monthName(target.month)}, `));

  // The keyboard: ↓ goes to the next (older) month, Home back to the newest.
  await scrubber.focus();
  await page.keyboard.press('ArrowDown');
  const next = months[months.indexOf(target) + 1]!;
  await expect.poll(async () => (await topRow(page)).recorded.slice(0, 7)).toBe(next.month);
  await page.keyboard.press('Home');
  await expect.poll(async () => (await topRow(page)).index).toBe(0);
  await expect(scrubber).toHaveAttribute('aria-valuenow', '0');

  // Sorted by title there is no timeline (months would not be contiguous).
  await page.getByTestId('sort-title').click();
  await expect(scrubber).toHaveCount(0);
});

test.describe("in the coach's time zone", () => {
  test.use({ timezoneId: 'Pacific/Auckland' });

  test('the scrubber counts and jumps to the months of the local calendar, not UTC', async ({ library, page, api }) => {
    const zone = 'Pacific/Auckland';
    const local = (await api.sessions.months({ tz: zone })).items;
    const utc = (await api.sessions.months({})).items;
    const startOf = (months: typeof local, month: string) =>
      months
        .slice(
          0,
          months.findIndex((m) => m.month === month),
        )
        .reduce((n, m) => n + m.count, 0);
    // A month whose first row is not where UTC months would put it (sessions late on a month's last UTC day are
    // already the next month in Auckland).
    const target = local
      .slice(1)
      .find((m) => utc.some((u) => u.month === m.month) && startOf(local, m.month) !== startOf(utc, m.month));
    expect(target, 'a month that UTC would place elsewhere').toBeDefined();
    const before = startOf(local, target!.month);
    await library.waitUntilLoaded();
    await page.locator(`[data-month="${target!.month}"]`).click();
    await expect.poll(async () => (await topRow(page)).index).toBe(before);
    const inZone = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' });
    const month = (iso: string) => inZone.format(new Date(iso)).slice(0, 7);
    // The top row is the month's newest session in Auckland, and the row above it belongs to a newer month.
    expect(month((await topRow(page)).recorded)).toBe(target!.month);
    const above = (await api.sessions.list({ offset: before - 1, limit: 1 })).items[0]!;
    expect(month(above.recorded_at) > target!.month).toBe(true);
    await expect(page.getByRole('slider', { name: 'Timeline: jump to a month' })).toHaveAttribute(
      'aria-valuetext',
      new RegExp(`^${monthName(target!.month)}, ${target!.count.toLocaleString('en-US')} session`),
    );
  });
});

for (const viewport of VIEWPORTS) {
  test(`the library with its timeline at ${viewportName(viewport)}`, async ({ library, page, api }) => {
    await page.setViewportSize(viewport);
    const months = (await api.sessions.months({})).items;
    await library.waitUntilLoaded();
    const scrubber = page.getByTestId('month-scrubber');
    await expect(scrubber).toBeVisible();
    await page.locator(`[data-month="${months[Math.floor(months.length / 3)]!.month}"]`).click();
    await expect(page.getByTestId('skeleton-row')).toHaveCount(0);
    await scrubber.hover({ position: { x: 60, y: 200 } });
    // The table still fits beside the scrubber: no sideways scrolling.
    const scroller = page.getByTestId('session-table-scroll');
    expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: docsScreenshotPath(`library-timeline-${viewportName(viewport)}.png`) });
  });
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
