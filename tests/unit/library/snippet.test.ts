/** Search snippets: the excerpt around the first match, matched words located by offsets (accent- and case-blind). */
import { describe, expect, it } from 'vitest';
import { findSnippet } from '../../../main/library/sessions/snippet.js';
import { searchMatch, searchWords } from '../../../main/library/sessions/search-query.js';

const marked = (s: { text: string; highlights: [number, number][] }) =>
  s.highlights.map(([a, b]) => s.text.slice(a, b));

describe('findSnippet', () => {
  it('marks whole words and the last word as a prefix, ignoring case and accents', () => {
    const s = findSnippet('participant', 'Chloé Martin Anna Okafor', searchWords('chloe oka'))!;
    expect(s.field).toBe('participant');
    expect(marked(s)).toEqual(['Chloé', 'Okafor']);
  });

  it('answers null when nothing matches, and cuts long text around the first match with ellipses', () => {
    expect(findSnippet('title', 'Weekly check-in', ['leadership'])).toBeNull();
    const long = `${'lorem '.repeat(40)}the budget talk ${'ipsum '.repeat(60)}`;
    const s = findSnippet('transcript', long, ['budget'])!;
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(marked(s)).toEqual(['budget']);
  });
});

describe('searchMatch', () => {
  it('restricts words to the text columns, expands the last word, and adds one facet per filter', () => {
    const m = searchMatch(['leadership', 'coa'], ['coaching', 'coach'], {
      exclude_failed: true,
      sort: '-recorded_at',
      platform: 'teams',
      coach_id: 'coach-ana',
    });
    expect(m).toBe(
      '({title client participants_text} : ("leadership" AND ("coa" OR "coaching" OR "coach")) AND facets : fpteams' +
        ` AND facets : fc${Buffer.from('coach-ana').toString('hex')}) NOT facets : fx NOT facets : fsfailed`,
    );
  });

  it('falls back to an FTS prefix query when the last word has too many expansions', () => {
    expect(searchMatch(['a'], null, { exclude_failed: false, sort: '-recorded_at' })).toBe(
      '({title client participants_text} : ("a"*)) NOT facets : fx',
    );
  });
});
