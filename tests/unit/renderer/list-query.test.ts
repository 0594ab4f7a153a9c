import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  insertionIndex,
  matchesFilters,
  toListInput,
} from '../../../renderer/features/library/list-query.js';
import { columnSortDirection, nextSortForColumn } from '../../../renderer/features/library/sort-options.js';
import { fakeSession } from './fake-session.js';

describe('toListInput', () => {
  it('maps the default view to a first page of 50 (a screen, answered sooner), failed hidden, newest first', () => {
    expect(toListInput(DEFAULT_FILTERS)).toEqual({ limit: 50, sort: '-recorded_at', exclude_failed: true });
  });
  it('asks for pages of 200 after the first (with a cursor)', () => {
    expect(toListInput(DEFAULT_FILTERS, 'c1')).toMatchObject({ limit: 200, cursor: 'c1' });
  });
  it('adds a status, a trimmed query and the cursor only when set', () => {
    expect(
      toListInput({ ...DEFAULT_FILTERS, hideFailed: false, status: 'failed', q: '  emma ', sort: 'title' }, 'c1'),
    ).toEqual({
      limit: 200,
      sort: 'title',
      exclude_failed: false,
      status_filter: 'failed',
      q: 'emma',
      cursor: 'c1',
    });
    expect(toListInput({ ...DEFAULT_FILTERS, q: '   ' })).not.toHaveProperty('q');
  });
});

describe('matchesFilters', () => {
  const failed = fakeSession({ id: 'f', status: 'failed' });
  it('hides failed sessions unless asked, and a chosen status wins', () => {
    expect(matchesFilters(failed, DEFAULT_FILTERS)).toBe(false);
    expect(matchesFilters(failed, { ...DEFAULT_FILTERS, hideFailed: false })).toBe(true);
    expect(matchesFilters(failed, { ...DEFAULT_FILTERS, status: 'failed' })).toBe(true);
    expect(matchesFilters(fakeSession({ id: 'r' }), { ...DEFAULT_FILTERS, status: 'failed' })).toBe(false);
  });
});

describe('insertionIndex', () => {
  const rows = ['2026-03-01', '2026-02-01', '2026-01-01'].map((d, i) =>
    fakeSession({ id: `s${i}`, recorded_at: `${d}T00:00:00Z` }),
  );
  it('finds the place in the current order', () => {
    expect(
      insertionIndex(rows, fakeSession({ id: 'n', recorded_at: '2026-04-01T00:00:00Z' }), '-recorded_at', true),
    ).toBe(0);
    expect(
      insertionIndex(rows, fakeSession({ id: 'n', recorded_at: '2026-01-15T00:00:00Z' }), '-recorded_at', true),
    ).toBe(2);
  });
  it('leaves a session sorting after the loaded rows to its page, unless this is the last page', () => {
    const old = fakeSession({ id: 'n', recorded_at: '2025-01-01T00:00:00Z' });
    expect(insertionIndex(rows, old, '-recorded_at', true)).toBe(-1);
    expect(insertionIndex(rows, old, '-recorded_at', false)).toBe(3);
  });
});

describe('column sorting', () => {
  it('toggles dates both ways and sets one-way sorts', () => {
    expect(nextSortForColumn('recorded', '-recorded_at')).toBe('recorded_at');
    expect(nextSortForColumn('recorded', 'recorded_at')).toBe('-recorded_at');
    expect(nextSortForColumn('recorded', 'title')).toBe('-recorded_at');
    expect(nextSortForColumn('size', '-recorded_at')).toBe('-size');
    expect(nextSortForColumn('client', 'title')).toBe('title');
    expect(columnSortDirection('recorded', 'recorded_at')).toBe('ascending');
    expect(columnSortDirection('size', '-size')).toBe('descending');
    expect(columnSortDirection('title', '-size')).toBe('none');
  });
});
