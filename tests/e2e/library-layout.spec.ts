/**
 * The library at the window sizes coaches use: the table fits without sideways scrolling (the least needed
 * columns collapse at 1024 px, all show at 1920 px), the search placeholder is not cut off, and the last row's
 * buttons can be scrolled out from under the import panel and the messages.
 */
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

const ESSENTIAL = ['select', 'title', 'recorded', 'status', 'analysis', 'actions'];

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} the table fits, the placeholder reads whole, the last row is reachable`, async ({
    library,
    page,
  }) => {
    await page.setViewportSize(viewport);
    const scroller = page.getByTestId('session-table-scroll');
    await expect
      .poll(() => scroller.evaluate((el) => el.scrollWidth - el.clientWidth), { timeout: 10_000 })
      .toBeLessThanOrEqual(1);
    const shown = await library.rows
      .first()
      .locator('[data-column]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-column')));
    for (const column of ESSENTIAL) expect(shown).toContain(column);
    if (viewport.width >= 1900) expect(shown).toHaveLength(13);
    else expect(shown.length).toBeLessThan(13);

    // The placeholder's text is narrower than the box that shows it.
    const fits = await library.search.evaluate((input) => {
      const el = input as unknown as {
        placeholder: string;
        clientWidth: number;
        ownerDocument: { createElement(t: string): { getContext(k: string): unknown } };
      };
      const style = (
        globalThis as unknown as { getComputedStyle(e: unknown): { font: string; paddingLeft: string } }
      ).getComputedStyle(input);
      const ctx = el.ownerDocument.createElement('canvas').getContext('2d') as {
        font: string;
        measureText(t: string): { width: number };
      };
      ctx.font = style.font;
      return ctx.measureText(el.placeholder).width <= el.clientWidth - 2 * parseFloat(style.paddingLeft);
    });
    expect(fits).toBe(true);

    // Scrolled to the end, the last row's delete button is clickable, not under the message or panel overlays.
    const total = Number(await library.table.getAttribute('aria-rowcount'));
    await expect(async () => {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect(page.locator(`[data-testid="session-row"][aria-rowindex="${total}"]`)).toBeVisible({
        timeout: 1000,
      });
    }).toPass({ timeout: 20_000 });
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const last = page.locator(`[data-testid="session-row"][aria-rowindex="${total}"]`);
    await expect(last).toBeVisible();
    const lastBox = await last.boundingBox();
    const scrollBox = await scroller.boundingBox();
    expect(lastBox!.y + lastBox!.height).toBeLessThan(scrollBox!.y + scrollBox!.height - 80);
    await expect(last.getByTestId('delete-session')).toBeVisible();
    await page.screenshot({ path: docsScreenshotPath(`library-${viewportName(viewport)}.png`) });
  });
}
