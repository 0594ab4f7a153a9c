import { describe, expect, it } from 'vitest';
import { gridLayout, groupOf, moveVertical } from '../../../renderer/features/library/grid-groups.js';
import { fakeSession } from './fake-session.js';

// Mid-month noon UTC: the same month in every time zone the tests may run in.
const at = (month: string, day: number) => `2026-${month}-${String(day).padStart(2, '0')}T12:00:00.000Z`;

describe('grid grouping', () => {
  it('without grouping, lines are plain chunks of the columns', () => {
    const rows = Array.from({ length: 7 }, (_, i) => fakeSession({ id: `s${i}` }));
    const { lines, lineOfRow } = gridLayout(rows, 3, 'none');
    expect(lines).toEqual([
      { kind: 'cards', start: 0, end: 3 },
      { kind: 'cards', start: 3, end: 6 },
      { kind: 'cards', start: 6, end: 7 },
    ]);
    expect(lineOfRow).toEqual([0, 0, 0, 1, 1, 1, 2]);
  });

  it('by month: a header with the count of each run, cards wrapped within their group', () => {
    const rows = [
      ...[14, 12, 10, 8].map((d, i) => fakeSession({ id: `m${i}`, recorded_at: at('03', d) })),
      ...[15, 11].map((d, i) => fakeSession({ id: `f${i}`, recorded_at: at('02', d) })),
    ];
    const { lines, lineOfRow } = gridLayout(rows, 3, 'month');
    expect(lines.map((l) => (l.kind === 'header' ? `${l.label} (${l.count})` : `${l.start}-${l.end}`))).toEqual([
      'March 2026 (4)',
      '0-3',
      '3-4',
      'February 2026 (2)',
      '4-6',
    ]);
    expect(lineOfRow).toEqual([1, 1, 1, 2, 4, 4]);
  });

  it('by client when sorted otherwise: a header wherever the client changes, blank clients named', () => {
    const clients = ['Acme', 'Acme', '', 'Acme'];
    const rows = clients.map((client, i) => fakeSession({ id: `c${i}`, client }));
    const headers = gridLayout(rows, 4, 'client').lines.flatMap((l) => (l.kind === 'header' ? [l.label] : []));
    expect(headers).toEqual(['Acme', 'No client', 'Acme']);
    expect(groupOf(fakeSession({ id: 'x', client: ' acme ' }), 'client').key).toBe(
      groupOf(fakeSession({ id: 'y', client: 'Acme' }), 'client').key,
    );
  });

  it('↓ and ↑ keep the column across a group header, and land on a shorter line’s last card', () => {
    const rows = [
      ...[20, 18, 16, 14, 12].map((d, i) => fakeSession({ id: `m${i}`, recorded_at: at('03', d) })),
      ...[20, 10, 5].map((d, i) => fakeSession({ id: `f${i}`, recorded_at: at('02', d) })),
    ];
    const layout = gridLayout(rows, 3, 'month'); // lines: H, [0-3], [3-5], H, [5-8]
    expect(moveVertical(layout, 2, 1)).toBe(4); // column 2 → the shorter line's last card
    expect(moveVertical(layout, 4, 1)).toBe(6); // across the February header, same column
    expect(moveVertical(layout, 7, -1)).toBe(4);
    expect(moveVertical(layout, 1, -1)).toBe(1); // first line: stays
    expect(moveVertical(layout, 6, 1)).toBe(6); // last line: stays
  });
});
