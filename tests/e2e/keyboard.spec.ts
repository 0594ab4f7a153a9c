/**
 * The library by keyboard alone: `/` jumps to search, ↑/↓ move the row focus, Enter opens the review, back returns
 * the focus to that row, Delete asks to delete (Cancel focused, Escape closes), at the window sizes coaches use.
 */
import type { Page } from '@playwright/test';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

const focusedRowId = (page: Page) =>
  page.evaluate(
    () =>
      (
        globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
      ).document.activeElement?.getAttribute('data-session-id') ?? null,
  );

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} arrows, Enter, back and Delete work on rows; / focuses search`, async ({
    library,
    page,
  }) => {
    await page.setViewportSize(viewport);
    const ids = await library.renderedIds();
    expect(ids.length).toBeGreaterThan(3);

    await page.keyboard.press('/');
    await expect(library.search).toBeFocused();

    // Tab from the toolbar's last control reaches the table's one tabbable row: the first.
    await library.rows.first().focus();
    expect(await focusedRowId(page)).toBe(ids[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedRowId(page)).toBe(ids[2]);
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedRowId(page)).toBe(ids[1]);
    await expect(library.row(ids[1]!)).toHaveAttribute('tabindex', '0');
    await expect(library.row(ids[0]!)).toHaveAttribute('tabindex', '-1');
    await page.screenshot({ path: docsScreenshotPath(`keyboard-${viewportName(viewport)}.png`) });

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/sessions/${ids[1]}$`));
    await expect(page.getByTestId('review-view')).toBeVisible();
    await page.getByRole('button', { name: '← Library' }).press('Enter');
    await expect(library.table).toBeVisible();
    await expect.poll(() => focusedRowId(page)).toBe(ids[1]);

    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete this session?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(library.row(ids[1]!)).toBeVisible();
  });
}
