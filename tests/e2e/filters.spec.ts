/** The toolbar: "Hide failed" on by default, the status dropdown, search and sorting, checked against the API. */
import { expect, test } from './fixtures/test.js';

test('the default view hides failed sessions and takes the token out of the address bar', async ({
  library,
  api,
  server,
  page,
}) => {
  const visible = await api.sessions.list({ limit: 1 });
  const all = await api.sessions.list({ limit: 1, exclude_failed: false });
  expect(all.total).toBeGreaterThan(visible.total); // the seed has failed sessions to hide

  await expect(library.hideFailed).toBeChecked();
  await library.expectTotal(visible.total);
  expect(await library.renderedStatuses()).not.toContain('failed');
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(library.storageUsed).toContainText('Storage used:');
});

test('unticking "Hide failed sessions" shows them', async ({ library, api }) => {
  const all = await api.sessions.list({ limit: 200, exclude_failed: false });
  const failed = await api.sessions.list({ limit: 1, status_filter: 'failed' });
  const firstFailed = all.items.findIndex((s) => s.status === 'failed');
  expect(firstFailed).toBeGreaterThanOrEqual(0);

  await library.hideFailed.uncheck();
  await library.expectTotal(all.total);
  await library.scrollToIndex(firstFailed);
  await expect(library.row(all.items[firstFailed]?.id ?? '')).toHaveAttribute('data-status', 'failed');

  await library.hideFailed.check();
  await library.expectTotal(all.total - failed.total);
  expect(await library.renderedStatuses()).not.toContain('failed');
});

test('the status dropdown shows exactly one status', async ({ library, api }) => {
  for (const status of ['failed', 'ready', 'processing'] as const) {
    const expected = await api.sessions.list({ limit: 1, status_filter: status });
    await library.statusFilter.selectOption(status);
    await library.expectTotal(expected.total);
    const statuses = await library.renderedStatuses();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([status]));
  }
  await library.statusFilter.selectOption('all');
  await library.expectTotal((await api.sessions.list({ limit: 1 })).total);
});

test('search narrows the list to what the API finds', async ({ library, api }) => {
  const first = (await api.sessions.list({ limit: 1 })).items[0];
  if (!first) throw new Error('seeded library is empty');
  const query = first.client;
  const expected = await api.sessions.list({ limit: 500, q: query });
  expect(expected.total).toBeGreaterThan(0);

  await library.search.fill(query);
  await library.expectTotal(expected.total);
  await expect(library.rows.first()).toHaveAttribute('data-session-id', expected.items[0]?.id ?? '');

  await library.search.fill('zzzz no such session zzzz');
  await expect(library.emptyState).toContainText('No sessions match');
  await library.page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(library.search).toHaveValue('');
  await library.expectTotal((await api.sessions.list({ limit: 1 })).total);
});

test('headers sort by the API sort values', async ({ library, api }) => {
  const byTitle = await api.sessions.list({ limit: 3, sort: 'title' });
  await library.page.getByRole('button', { name: /^Title/ }).click();
  await expect(library.page.getByRole('columnheader', { name: /Title/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(library.rows.first()).toHaveAttribute('data-session-id', byTitle.items[0]?.id ?? '');

  const oldest = await api.sessions.list({ limit: 1, sort: 'recorded_at' });
  const recorded = library.page.getByRole('button', { name: /^Recorded/ });
  await recorded.click(); // newest first (the default order)
  await recorded.click(); // then oldest first
  await expect(library.page.getByRole('columnheader', { name: /Recorded/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(library.rows.first()).toHaveAttribute('data-session-id', oldest.items[0]?.id ?? '');
});
