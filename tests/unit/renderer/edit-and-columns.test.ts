import { describe, expect, it } from 'vitest';
import {
  participantsFromText,
  participantsToText,
  tagsFromText,
} from '../../../renderer/features/library/edit-session-model.js';
import { hiddenColumns, minimumWidth } from '../../../renderer/features/library/fitting-columns.js';

/** The shape of the table's widths (session-columns.tsx): a few fixed, title and client flexible with a minimum. */
const COLUMN_WIDTHS: Record<string, string> = {
  title: 'minmax(220px, 2.4fr)',
  client: 'minmax(130px, 1.2fr)',
  platform: '80px',
  recorded: '176px',
  duration: '80px',
  size: '80px',
  status: '108px',
  upload: '116px',
  transcript: '96px',
  analysis: '132px',
  actions: '76px',
};

describe('edit form fields', () => {
  it('reads participants one per line with an optional role, and writes them back the same way', () => {
    const parsed = participantsFromText('Sam Lee (client)\n\n  Kim Park (Coach) \nAlex');
    expect(parsed).toEqual([
      { name: 'Sam Lee', role: 'client' },
      { name: 'Kim Park', role: 'coach' },
      { name: 'Alex', role: 'participant' },
    ]);
    expect(participantsToText(parsed)).toBe('Sam Lee (client)\nKim Park (coach)\nAlex');
    expect(participantsFromText('Jo (not a role)')).toEqual([{ name: 'Jo (not a role)', role: 'participant' }]);
  });

  it('splits tags on commas, trimmed, without blanks or repeats', () => {
    expect(tagsFromText(' goals, follow-up,,goals ,')).toEqual(['goals', 'follow-up']);
  });
});

describe('fitting columns', () => {
  const ids = Object.keys(COLUMN_WIDTHS);
  it('reads the minimum of a grid width', () => {
    expect(minimumWidth('80px')).toBe(80);
    expect(minimumWidth('minmax(220px, 2.4fr)')).toBe(220);
  });

  it('shows every column when wide, drops the least needed first when narrow, never the title or actions', () => {
    expect(hiddenColumns(COLUMN_WIDTHS, ids, 1900).size).toBe(0);
    const at1024 = hiddenColumns(COLUMN_WIDTHS, ids, 990);
    expect(at1024.has('platform')).toBe(true);
    expect(at1024.has('title')).toBe(false);
    expect(at1024.has('actions')).toBe(false);
    const need = ids.filter((id) => !at1024.has(id)).reduce((sum, id) => sum + minimumWidth(COLUMN_WIDTHS[id]!), 0);
    expect(need).toBeLessThanOrEqual(990);
    // Narrower still hides more, in order.
    expect(hiddenColumns(COLUMN_WIDTHS, ids, 700).size).toBeGreaterThan(at1024.size);
  });
});
