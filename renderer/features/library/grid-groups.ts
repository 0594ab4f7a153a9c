/**
 * The grid's lines when grouped by month or client: a header line wherever the group key changes in list order,
 * then that group's cards in lines of `columns`. Grouping follows the current sort, it never re-sorts: sorted by
 * date, the months come out as whole groups; sorted by title, a header appears each time the key changes. Counts are
 * of the loaded rows (the last group grows as pages load). Pure, so layout and keyboard moves are unit-tested.
 */
import type { Session } from '../../../shared/contract/index.js';

export const GROUP_BYS = ['none', 'month', 'client'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export type GridLine =
  | { kind: 'header'; key: string; label: string; start: number; count: number }
  /** Cards for rows [start, end) of the list. */
  | { kind: 'cards'; start: number; end: number };

export interface GridLayout {
  lines: GridLine[];
  /** The line that holds row `index`. */
  lineOfRow: number[];
}

export function groupOf(session: Session, by: Exclude<GroupBy, 'none'>): { key: string; label: string } {
  if (by === 'client') {
    const client = session.client.trim();
    return client ? { key: `c:${client.toLowerCase()}`, label: client } : { key: 'c:', label: 'No client' };
  }
  const date = new Date(session.recorded_at);
  if (Number.isNaN(date.getTime())) return { key: 'm:', label: 'No date' };
  return {
    key: `m:${date.getFullYear()}-${date.getMonth()}`,
    label: date.toLocaleDateString('en-US', { month: 'long', year: 'numeric' }),
  };
}

export function gridLayout(rows: readonly Session[], columns: number, by: GroupBy): GridLayout {
  const lines: GridLine[] = [];
  const lineOfRow: number[] = new Array<number>(rows.length);
  let start = 0;
  while (start < rows.length) {
    let end = rows.length;
    if (by !== 'none') {
      const { key, label } = groupOf(rows[start]!, by);
      end = start + 1;
      while (end < rows.length && groupOf(rows[end]!, by).key === key) end++;
      lines.push({ kind: 'header', key: `${key}@${start}`, label, start, count: end - start });
    }
    for (let at = start; at < end; at += columns) {
      const stop = Math.min(end, at + columns);
      for (let i = at; i < stop; i++) lineOfRow[i] = lines.length;
      lines.push({ kind: 'cards', start: at, end: stop });
    }
    start = end;
  }
  return { lines, lineOfRow };
}

/**
 * ↓ / ↑ from row `index`: the card in the same column of the next (previous) line of cards, across a group header;
 * the last card of a shorter line when that column is empty there. Stays put at either end.
 */
export function moveVertical(layout: GridLayout, index: number, step: 1 | -1): number {
  const from = layout.lineOfRow[index];
  if (from === undefined) return index;
  const here = layout.lines[from] as Extract<GridLine, { kind: 'cards' }>;
  const column = index - here.start;
  for (let l = from + step; l >= 0 && l < layout.lines.length; l += step) {
    const line = layout.lines[l]!;
    if (line.kind === 'cards') return Math.min(line.start + column, line.end - 1);
  }
  return index;
}
