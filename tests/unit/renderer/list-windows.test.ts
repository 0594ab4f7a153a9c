import { describe, expect, it } from 'vitest';
import { type CatalogueEntry, type SessionPage } from '../../../shared/contract/index.js';
import { clientFromCatalogue } from '../../../renderer/api/catalogue-client.js';
import { createLibraryStore } from '../../../renderer/stores/library-store.js';
import { createSelectionStore } from '../../../renderer/stores/selection-store.js';
import { MAX_WINDOWS, WINDOW_SIZE, WindowCache, rowAt } from '../../../renderer/stores/list-windows.js';
import { monthAt, otherYear, timeline } from '../../../renderer/features/library/month-timeline.js';
import { fakeSession } from './fake-session.js';

const TOTAL = 100_000;
const at = (i: number) => fakeSession({ id: `ses_${String(i).padStart(6, '0')}` });

/** A list of TOTAL sessions answered by offset; calls (and their signals) recorded; answers held until released. */
function offsetClient() {
  const calls: { offset: number; limit: number; signal?: AbortSignal; release(): void }[] = [];
  const client = clientFromCatalogue(async (entry: CatalogueEntry, input, options) => {
    if (entry.channel !== 'sessions:list') throw new Error(`unexpected ${entry.channel}`);
    const offset = Number(input.offset ?? 0);
    const limit = Number(input.limit);
    await new Promise<void>((release) => calls.push({ offset, limit, signal: options?.signal, release }));
    const items = Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, k) => at(offset + k));
    return { items, total: TOTAL, total_is_lower_bound: false, limit, offset, next_cursor: null } as SessionPage;
  });
  return { client, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('rows fetched where the table lands', () => {
  it('fetches the windows in view by offset, in one request, and shows their rows at their indexes', async () => {
    const { client, calls } = offsetClient();
    const store = createLibraryStore(client);
    const first = store.getState().reload();
    calls.shift()!.release();
    await first;
    const [from, to] = [50 * WINDOW_SIZE * 10 + WINDOW_SIZE - 10, 50 * WINDOW_SIZE * 10 + WINDOW_SIZE + 30];
    store.getState().showRange(from, to); // straddles two windows
    expect(calls.map((c) => [c.offset, c.limit])).toEqual([[500 * WINDOW_SIZE, 2 * WINDOW_SIZE]]);
    expect(rowAt(store.getState().rows, store.getState().windows, to)).toBeUndefined(); // a placeholder now
    calls.shift()!.release();
    await settle();
    const { rows, windows } = store.getState();
    expect(rowAt(rows, windows, to)?.id).toBe(at(to).id);
    expect(rowAt(rows, windows, 502 * WINDOW_SIZE - 1)?.id).toBe(at(502 * WINDOW_SIZE - 1).id);
    store.getState().showRange(from + 10, to + 10); // held: no request
    expect(calls).toHaveLength(0);
  });

  it('abandons the fetch of a place scrolled past, and keeps at most MAX_WINDOWS windows', async () => {
    const { client, calls } = offsetClient();
    const store = createLibraryStore(client);
    const first = store.getState().reload();
    calls.shift()!.release();
    await first;
    store.getState().showRange(10_000, 10_040);
    const passed = calls[0]!;
    store.getState().showRange(70_000, 70_040);
    expect(passed.signal?.aborted).toBe(true);
    expect(calls[1]!.signal?.aborted).toBe(false);
    for (const call of calls.splice(0)) call.release();
    await settle();
    expect(rowAt(store.getState().rows, store.getState().windows, 10_000)).toBeUndefined();
    expect(rowAt(store.getState().rows, store.getState().windows, 70_000)?.id).toBe(at(70_000).id);
    for (let w = 0; w < MAX_WINDOWS + 10; w++) {
      store.getState().showRange(w * 1000, w * 1000 + 10);
      calls.shift()?.release();
      await settle();
    }
    expect(store.getState().windows.size).toBeLessThanOrEqual(MAX_WINDOWS);
    // The most recent stays.
    expect(rowAt(store.getState().rows, store.getState().windows, (MAX_WINDOWS + 9) * 1000)).toBeDefined();
  });

  it('a request shared by two windows is abandoned only when neither is wanted', () => {
    const cache = new WindowCache();
    const [both] = cache.want(2 * WINDOW_SIZE - 10, 2 * WINDOW_SIZE + 10, 0, new Map()); // windows 1 and 2
    expect(both).toMatchObject({ window: 1, count: 2 });
    cache.want(2 * WINDOW_SIZE + 5, 2 * WINDOW_SIZE + 15, 0, new Map()); // window 2 still wanted
    expect(both!.signal.aborted).toBe(false);
    cache.want(9 * WINDOW_SIZE, 9 * WINDOW_SIZE + 10, 0, new Map());
    expect(both!.signal.aborted).toBe(true);
  });
});

describe('a shift-click range over rows never loaded', () => {
  it('selects the rows between by fetching them, and the bulk actions see them', async () => {
    const { client, calls } = offsetClient();
    const library = createLibraryStore(client);
    const selection = createSelectionStore(library);
    const first = library.getState().reload();
    calls.shift()!.release();
    await first;
    // The anchor among the first rows, the other end far down (its window loaded, the 1,900 rows between not).
    selection.getState().toggle(at(3).id);
    library.getState().showRange(2_000, 2_010);
    calls.shift()!.release();
    await settle();
    selection.getState().selectRange(at(2_005).id);
    expect(selection.getState().fetching).toBe(true);
    // Pages of at most 500 by offset, for the rows not loaded only.
    for (let k = 0; k < 10 && calls.length > 0; k++) {
      calls.shift()!.release();
      await settle();
    }
    expect(selection.getState().fetching).toBe(false);
    const ids = selection.getState().ids;
    expect(ids.size).toBe(2_005 - 3 + 1);
    for (const i of [3, 49, 50, 1_234, 1_999, 2_005]) expect(ids.has(at(i).id), String(i)).toBe(true);
    expect(ids.has(at(2).id) || ids.has(at(2_006).id)).toBe(false);
    expect(selection.getState().fetched.get(at(1_234).id)?.id).toBe(at(1_234).id);
  });

  it('drops a range still being fetched when the selection is cleared', async () => {
    const { client, calls } = offsetClient();
    const library = createLibraryStore(client);
    const selection = createSelectionStore(library);
    const first = library.getState().reload();
    calls.shift()!.release();
    await first;
    selection.getState().toggle(at(0).id);
    library.getState().showRange(5_000, 5_010);
    calls.shift()!.release();
    await settle();
    selection.getState().selectRange(at(5_000).id);
    selection.getState().clear();
    for (const call of calls.splice(0)) call.release();
    await settle();
    expect(selection.getState().ids.size).toBe(0);
    expect(selection.getState().fetched.size).toBe(0);
  });
});

describe('month timeline', () => {
  const counts = [
    { month: '2026-03', count: 5 },
    { month: '2026-01', count: 10 },
    { month: '2025-12', count: 3 },
    { month: '2025-11', count: 2 },
  ];
  it('places each month at its first row in list order', () => {
    expect(timeline(counts, false).map((m) => m.start)).toEqual([0, 5, 15, 18]);
    expect(timeline(counts, true).map((m) => [m.month, m.start])).toEqual([
      ['2025-11', 0],
      ['2025-12', 2],
      ['2026-01', 5],
      ['2026-03', 15],
    ]);
  });
  it('finds the month of a row, and the next year', () => {
    const months = timeline(counts, false);
    expect([0, 4, 5, 14, 15, 19, 500].map((i) => monthAt(months, i))).toEqual([0, 0, 1, 1, 2, 3, 3]);
    expect(otherYear(months, 0, 1)).toBe(2);
    expect(otherYear(months, 3, -1)).toBe(0);
  });
});
