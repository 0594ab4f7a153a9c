import { describe, expect, it } from 'vitest';
import { ApiError, type CatalogueEntry, type Session, type SessionPage } from '../../../shared/contract/index.js';
import { clientFromCatalogue } from '../../../renderer/api/catalogue-client.js';
import { createLibraryStore } from '../../../renderer/stores/library-store.js';
import { fakeSession } from './fake-session.js';

/** A client whose list pages and delete outcome the test decides; calls are recorded. */
function fakeClient(pages: SessionPage[], remove: () => Promise<null> = async () => null) {
  const calls: Array<{ op: string; input: Record<string, unknown> }> = [];
  const client = clientFromCatalogue(async (entry: CatalogueEntry, input) => {
    calls.push({ op: entry.channel, input });
    if (entry.channel === 'sessions:list')
      return pages.shift() ?? { items: [], total: 0, limit: 200, offset: 0, next_cursor: null };
    if (entry.channel === 'sessions:remove') return remove();
    throw new Error(`unexpected ${entry.channel}`);
  });
  return { client, calls };
}

const page = (items: Session[], total: number, next_cursor: string | null = null): SessionPage => ({
  items,
  total,
  total_is_lower_bound: false,
  limit: 200,
  offset: 0,
  next_cursor,
});
const s = (id: string, recorded = '2026-01-01') => fakeSession({ id, recorded_at: `${recorded}T00:00:00Z` });

describe('library store', () => {
  it('loads the first page, then the next by cursor', async () => {
    const { client, calls } = fakeClient([page([s('a'), s('b')], 3, 'c1'), page([s('c')], 3)]);
    const store = createLibraryStore(client);
    await store.getState().reload();
    expect(store.getState()).toMatchObject({ total: 3, nextCursor: 'c1' });
    await store.getState().loadMore();
    expect(store.getState().rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(calls[1]?.input).toMatchObject({ cursor: 'c1', exclude_failed: true });
  });

  it('keeps whether the total is a floor (shown as "1,000+"), page by page', async () => {
    const { client } = fakeClient([
      { ...page([s('a')], 1000, 'c1'), total_is_lower_bound: true },
      { ...page([s('b')], 2), total_is_lower_bound: false },
    ]);
    const store = createLibraryStore(client);
    await store.getState().reload();
    expect(store.getState()).toMatchObject({ total: 1000, totalIsLowerBound: true });
    store.getState().setFilters({ q: 'narrower' });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState()).toMatchObject({ total: 2, totalIsLowerBound: false });
  });

  it('drops an answer superseded by newer filters', async () => {
    const { client } = fakeClient([page([s('old')], 1), page([s('new')], 1)]);
    const store = createLibraryStore(client);
    const first = store.getState().reload();
    store.getState().setFilters({ q: 'x' });
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().rows.map((r) => r.id)).toEqual(['new']);
  });

  it('removes a row at once and keeps it removed when the delete succeeds', async () => {
    let finish: (v: null) => void = () => undefined;
    const { client } = fakeClient([page([s('a'), s('b')], 2)], () => new Promise((r) => (finish = r)));
    const store = createLibraryStore(client);
    await store.getState().reload();
    const deleting = store.getState().deleteSession('a');
    expect(store.getState().rows.map((r) => r.id)).toEqual(['b']);
    expect(store.getState().total).toBe(1);
    finish(null);
    await deleting;
    expect(store.getState().rows.map((r) => r.id)).toEqual(['b']);
    expect(store.getState().deleting.size).toBe(0);
  });

  it('puts the row back in its place with a readable error when the delete fails', async () => {
    const { client } = fakeClient([page([s('a'), s('b'), s('c')], 3)], () =>
      Promise.reject(new ApiError(403, 'Not allowed')),
    );
    const store = createLibraryStore(client);
    await store.getState().reload();
    await expect(store.getState().deleteSession('b')).rejects.toThrow('Could not delete “Session b”: Not allowed');
    expect(store.getState().rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(store.getState().total).toBe(3);
  });

  it('treats 404 as already deleted', async () => {
    const { client } = fakeClient([page([s('a')], 1)], () => Promise.reject(new ApiError(404, 'Session not found')));
    const store = createLibraryStore(client);
    await store.getState().reload();
    await store.getState().deleteSession('a');
    expect(store.getState().rows).toEqual([]);
  });

  it('applies live events: created in sort order, changed in place or out of view, deleted', async () => {
    const { client } = fakeClient([page([s('a', '2026-03-01'), s('c', '2026-01-01')], 2)]);
    const store = createLibraryStore(client);
    await store.getState().reload();
    store.getState().applyEvent({ type: 'session.created', session: s('b', '2026-02-01') });
    expect(store.getState().rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    store.getState().applyEvent({ type: 'session.changed', session: { ...s('b', '2026-02-01'), title: 'Renamed' } });
    expect(store.getState().rows[1]?.title).toBe('Renamed');
    store.getState().applyEvent({ type: 'session.changed', session: { ...s('b', '2026-02-01'), status: 'failed' } });
    expect(store.getState().rows.map((r) => r.id)).toEqual(['a', 'c']);
    store.getState().applyEvent({ type: 'session.created', session: { ...s('f'), status: 'failed' } });
    store.getState().applyEvent({ type: 'session.deleted', id: 'a', coach_id: 'coach-a' });
    expect(store.getState().rows.map((r) => r.id)).toEqual(['c']);
    expect(store.getState().total).toBe(1);
  });
});
