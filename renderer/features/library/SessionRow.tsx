/**
 * One row of the session table, and the placeholder of a row not fetched yet. Memoized: a render of the table (a
 * window arriving, the posters of the rows in view, a selection change, the month under the scroll position)
 * re-renders only the rows whose session, place, selection or focus changed, so a jump pays for the rows it lands
 * on and not again for every row on screen at each following update.
 */
import { flexRender, type Row } from '@tanstack/react-table';
import { memo, type CSSProperties } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import type { SelectionStore } from '../../stores/selection-store.js';
import { openSession } from '../review/route.js';

interface SessionRowProps {
  row: Row<Session>;
  /** The row's index in the whole list. */
  index: number;
  /** Its offset in the table body (px) and height. */
  start: number;
  height: number;
  selected: boolean;
  tabIndex: number;
  /** The table's column definitions (their cell renderers: a search adds a column, new edit/delete handlers). */
  columns: unknown;
  /** The visible columns, as one string (the row's cells change when it does). */
  visibleKey: string;
  onActive(id: string): void;
  selection: SelectionStore;
}

function sameRow(a: SessionRowProps, b: SessionRowProps): boolean {
  return (
    a.row.original === b.row.original &&
    a.columns === b.columns &&
    a.index === b.index &&
    a.start === b.start &&
    a.height === b.height &&
    a.selected === b.selected &&
    a.tabIndex === b.tabIndex &&
    a.visibleKey === b.visibleKey &&
    a.onActive === b.onActive &&
    a.selection === b.selection
  );
}

export const SessionRow = memo(function SessionRow(props: SessionRowProps) {
  const { row, index, start, height, selected, tabIndex, onActive, selection } = props;
  const failed = row.original.status === 'failed';
  return (
    <tr
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`session-row${failed ? ' is-failed' : ''}${selected ? ' is-selected' : ''}`}
      style={rowStyle(start, height)}
      data-testid="session-row"
      data-session-id={row.id}
      data-status={row.original.status}
      tabIndex={tabIndex}
      onFocus={() => onActive(row.id)}
      onMouseDown={(event) => {
        if (event.shiftKey) event.preventDefault(); // a range click, not a text selection
      }}
      onClick={(event) => {
        // The whole row opens the review; its own controls (title link, delete) keep their meaning.
        if ((event.target as HTMLElement).closest('a, button, input')) return;
        // Shift+click selects a range and Ctrl/Cmd+click one more row, as in a file manager.
        if (event.shiftKey) selection.getState().selectRange(row.id);
        else if (event.ctrlKey || event.metaKey) selection.getState().toggle(row.id);
        else openSession(row.id);
      }}
    >
      {row.getVisibleCells().map((cell) => (
        <td
          key={cell.id}
          role="cell"
          className={cell.column.columnDef.meta?.numeric ? 'cell numeric' : 'cell'}
          data-column={cell.column.id}
        >
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
}, sameRow);

/**
 * Rows whose window is still being fetched, `count` of them from `index`: one box as tall as they are, painting a
 * bar per row from its background (scrubber.css), so a jump builds one element however many rows it lands on.
 */
export const SkeletonRun = memo(function SkeletonRun({
  index,
  count,
  start,
  height,
}: {
  index: number;
  count: number;
  start: number;
  height: number;
}) {
  return (
    <tr
      role="row"
      className="session-row skeleton-row"
      style={rowStyle(start, height * count)}
      aria-rowindex={index + 2}
      aria-busy="true"
      data-testid="skeleton-row"
      data-rows={count}
    >
      <td role="cell" className="skeleton-cell">
        <span className="visually-hidden">Loading sessions…</span>
      </td>
    </tr>
  );
});

function rowStyle(start: number, height: number): CSSProperties {
  return { transform: `translateY(${start}px)`, height };
}
