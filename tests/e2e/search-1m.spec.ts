/**
 * Search at scale: on a library seeded with 1,000,000 sessions, typing in the search box paints matching rows,
 * newest first, each with where it matched, and the count reads as a floor ("10,000+"). No timing asserts: the
 * `list_shapes` benchmark measures speed.
 */
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 1_000_000 });
// Seeding a million sessions takes about a minute on an idle machine, several on a busy one.
test.describe.configure({ timeout: 20 * 60_000 });

test('a search over 1M sessions paints matching rows with their snippets', async ({ library, api, page }) => {
  const expected = await api.sessions.list({ q: 'leadership', limit: 3 });
  expect(expected.total_is_lower_bound).toBe(true);

  await library.search.fill('leadership');
  const titles = page.getByTestId('open-session');
  await expect(titles.first()).toHaveText(expected.items[0]!.title);
  await expect(titles.nth(1)).toHaveText(expected.items[1]!.title);
  const snippet = page.getByTestId('search-snippet').first();
  await expect(snippet).toBeVisible();
  await expect(snippet.locator('mark').first()).toHaveText(/^leadership$/i);
  await expect(library.shownCount).toHaveText(/of [\d,]+\+ sessions loaded$/);
});
