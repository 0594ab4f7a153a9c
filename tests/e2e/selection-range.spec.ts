/**
 * A Shift+click range across rows never loaded (issue 24): the table is as tall as the whole library and only the
 * places scrolled to are fetched, so a range from the top to a row 2,500 rows down spans windows the page never
 * saw. The rows between are fetched and selected, and a bulk action (the CSV of the selection) covers all of them.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 3000 });

test('a shift-click range over unloaded rows selects every row between, for the bulk actions', async ({
  library,
  page,
  api,
}) => {
  const { total } = await api.sessions.list({ limit: 1 });
  expect(total).toBeGreaterThan(2_600);
  const [first] = await library.renderedIds();
  await library.row(first!).getByTestId('select-session').click();

  // Jump far down: the rows between were never fetched (no drag through them).
  const far = 2_500;
  await library.scrollToIndex(far);
  const target = page.locator(`[data-testid="session-row"][aria-rowindex="${far + 2}"]`);
  await expect(target).toBeVisible();
  await target.getByTestId('select-session').click({ modifiers: ['Shift'] });

  const bar = page.getByTestId('selection-bar');
  await expect(bar.getByTestId('selection-count')).toHaveText(`${(far + 1).toLocaleString('en-US')} selected`);
  await expect(bar.getByTestId('range-fetching')).toHaveCount(0);

  // The CSV of the selection holds exactly the first far + 1 sessions of the list.
  const expected = new Set<string>();
  for (let offset = 0; offset <= far; offset += 500) {
    const page1 = await api.sessions.list({ offset, limit: Math.min(500, far + 1 - offset) });
    for (const s of page1.items) expected.add(s.id);
  }
  const download = page.waitForEvent('download');
  await page.getByTestId('bulk-export').click();
  const lines = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\r\n')
    .slice(1);
  const exported = new Set(lines.map((line) => line.split(',')[0]!));
  expect(exported.size).toBe(far + 1);
  expect([...exported].filter((id) => !expected.has(id))).toEqual([]);
});
