import { describe, expect, it } from 'vitest';
import { filtersFromQuery, filtersToQuery } from '../../../renderer/features/library/filters-url.js';
import { DEFAULT_FILTERS, toListInput } from '../../../renderer/features/library/list-query.js';
import { libraryQuery, parseRoute } from '../../../renderer/features/review/route-path.js';

describe('library filters in the URL', () => {
  it('writes nothing for the defaults and round-trips every filter', () => {
    expect(filtersToQuery(DEFAULT_FILTERS)).toBe('');
    const filters = {
      ...DEFAULT_FILTERS,
      q: 'goals',
      client: 'Acme & Co',
      platform: 'teams' as const,
      from: '2026-01-01',
      to: '2026-03-31',
      tags: ['intro', 'follow up'],
      hideFailed: false,
      sort: 'title' as const,
    };
    const query = filtersToQuery(filters);
    expect(query).toContain('tag=intro&tag=follow+up');
    expect(filtersFromQuery(query)).toEqual(filters);
  });
  it('ignores what is unknown or malformed', () => {
    expect(filtersFromQuery('platform=skype&from=yesterday&status=gone&sort=x&tag=')).toEqual(DEFAULT_FILTERS);
  });
  it('sends the filters to the API, the last day whole', () => {
    const input = toListInput(filtersFromQuery('client=Acme&to=2026-03-31&tag=a&tag=b'));
    expect(input).toMatchObject({ client: 'Acme', to: '2026-03-31T23:59:59.999Z', tag: ['a', 'b'] });
  });
  it("keeps the coach's talk share range in the URL (whole percent, open ends) and sends it as 0–1", () => {
    const filters = { ...DEFAULT_FILTERS, coachShareMin: 40, coachShareMax: 60, sort: '-coach_share' as const };
    const query = filtersToQuery(filters);
    expect(query).toBe('sort=-coach_share&coach_share=40-60');
    expect(filtersFromQuery(query)).toEqual(filters);
    expect(filtersFromQuery('coach_share=70-')).toMatchObject({ coachShareMin: 70, coachShareMax: null });
    expect(filtersFromQuery('coach_share=-25')).toMatchObject({ coachShareMin: null, coachShareMax: 25 });
    for (const bad of ['coach_share=60-40', 'coach_share=-', 'coach_share=101-', 'coach_share=a-b'])
      expect(filtersFromQuery(bad)).toEqual(DEFAULT_FILTERS);
    expect(toListInput(filters)).toMatchObject({ coach_share_min: 0.4, coach_share_max: 0.6, sort: '-coach_share' });
    expect(toListInput({ ...filters, coachShareMin: 60, coachShareMax: 40 })).toMatchObject({
      coach_share_min: 0.4,
      coach_share_max: 0.6,
    });
  });
  it('tells the places from the library and keeps the library query', () => {
    expect(parseRoute('#/trash')).toEqual({ kind: 'trash' });
    expect(parseRoute('#/?client=A')).toEqual({ kind: 'library' });
    expect(libraryQuery('#/?client=A')).toBe('client=A');
    expect(libraryQuery('#/trash')).toBe('');
  });
});
