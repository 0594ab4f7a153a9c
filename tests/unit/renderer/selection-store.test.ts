/** The library's multi-selection and the bulk trash: ranges, select-all, clearing, and refusals put back in place. */
import { describe, expect, it } from 'vitest';
import { ApiError, type CatalogueEntry, type Session, type SessionPage } from '../../../shared/contract/index.js';
import { clientFromCatalogue } from '../../../renderer/api/catalogue-client.js';
import { runEach } from '../../../renderer/lib/run-each.js';
import { createLibraryStore } from '../../../renderer/stores/library-store.js';
import { createSelectionStore } from '../../../renderer/stores/selection-store.js';
import { fakeSession } from './fake-session.js';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const page = (items: Session[]): SessionPage => ({
  items,
  total: items.length,
  total_is_lower_bound: false,
  limit: 200,
  offset: 0,
  next_cursor: null,
});

/** A library of six loaded rows whose DELETE refuses the ids in `refuse` (403) and answers 404 for `gone`. */
async function setup(refuse: string[] = [], gone: string[] = []) {
  const removed: string[] = [];
  const client = clientFromCatalogue(async (entry: CatalogueEntry, input) => {
    if (entry.channel === 'sessions:list') return page(ids.map((id) => fakeSession({ id })));
    if (entry.channel === 'sessions:remove') {
      const id = String(input.id);
      expect(input.trash).toBe(true);
      if (refuse.includes(id)) throw new ApiError(403, 'Not allowed');
      if (gone.includes(id)) throw new ApiError(404, 'Session not found');
      removed.push(id);
      return null;
    }
    throw new Error(`unexpected ${entry.channel}`);
  });
  const library = createLibraryStore(client);
  await library.getState().reload();
  return { library, selection: createSelectionStore(library), removed };
}

const selected = (s: { getState(): { ids: ReadonlySet<string> } }) => [...s.getState().ids].sort();

describe('selection store', () => {
  it('selects a shift range from the last toggled row, either direction', async () => {
    const { selection } = await setup();
    selection.getState().toggle('b');
    selection.getState().selectRange('e');
    expect(selected(selection)).toEqual(['b', 'c', 'd', 'e']);
    selection.getState().clear();
    selection.getState().toggle('e');
    selection.getState().selectRange('c');
    expect(selected(selection)).toEqual(['c', 'd', 'e']);
  });

  it('a shift-click with no anchor toggles one row; toggling twice unselects', async () => {
    const { selection } = await setup();
    selection.getState().selectRange('d');
    expect(selected(selection)).toEqual(['d']);
    selection.getState().toggle('d');
    expect(selected(selection)).toEqual([]);
  });

  it('selects every loaded row, and clears when the filters change', async () => {
    const { library, selection } = await setup();
    selection.getState().selectAll();
    expect(selected(selection)).toEqual(ids);
    library.getState().setFilters({ status: 'ready' });
    expect(selected(selection)).toEqual([]);
    expect(selection.getState().anchor).toBeNull();
  });

  it('drops sessions that leave the list (deleted elsewhere)', async () => {
    const { library, selection } = await setup();
    selection.getState().toggle('a');
    selection.getState().toggle('b');
    library.getState().applyEvent({ type: 'session.deleted', id: 'a', coach_id: 'coach-a' });
    expect(selected(selection)).toEqual(['b']);
  });
});

describe('bulk move to the trash', () => {
  it('removes the rows at once, puts refused ones back in their places, and counts 404 as done', async () => {
    const { library, selection, removed } = await setup(['b', 'e'], ['d']);
    selection.getState().selectAll();
    const pending = library.getState().deleteSessions(['b', 'c', 'd', 'e']);
    expect(library.getState().rows.map((r) => r.id)).toEqual(['a', 'f']);
    const failed = await pending;
    expect(failed.map((f) => [f.item.id, f.error])).toEqual([
      ['b', 'Not allowed'],
      ['e', 'Not allowed'],
    ]);
    expect(removed.sort()).toEqual(['c']);
    expect(library.getState().rows.map((r) => r.id)).toEqual(['a', 'b', 'e', 'f']);
    expect(library.getState().total).toBe(4);
    expect(library.getState().deleting.size).toBe(0);
    // The rows left the list while their deletes ran, so they left the selection; refused ones come back unselected.
    expect(selected(selection)).toEqual(['a', 'f']);
  });
});

describe('runEach', () => {
  it('runs every item with at most `concurrency` in flight and collects failures', async () => {
    let inFlight = 0;
    let most = 0;
    const outcome = await runEach(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight -= 1;
        if (n % 3 === 0) throw new Error(`no ${n}`);
        return n * 10;
      },
      { concurrency: 3 },
    );
    expect(most).toBe(3);
    expect(outcome.done.map((d) => d.result).sort((x, y) => x - y)).toEqual([10, 20, 40, 50, 70]);
    expect(outcome.failed.map((f) => f.error).sort()).toEqual(['no 3', 'no 6']);
  });
});
