/**
 * The virtualized session table. Only the rows in view (plus overscan) are in the DOM, every row has the same
 * height, so 100,000 loaded rows scroll as smoothly as 100. Nearing the end of the loaded rows asks for the next
 * page. Sorting is the server's: headers set the API `sort` value (manualSorting).
 */
import { flexRender, getCoreRowModel, useReactTable, type Header } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Session, SessionSort } from '../../../shared/contract/index.js';
import { useLibrary, useSelection, useServices } from '../../app/services.js';
import { afterNextPaint, mark, ROWS_PAINTED_MARK } from '../../lib/perf-marks.js';
import { openSession } from '../review/route.js';
import { hiddenColumns } from './fitting-columns.js';
import { useElementWidth } from './use-element-width.js';
import { useRowKeys } from './use-row-keys.js';
import { PostersContext } from './RowThumb.js';
import { COLUMN_WIDTHS, sessionColumns } from './session-columns.js';
import { usePosters } from './use-posters.js';
import { columnSortDirection, isSortableColumn, nextSortForColumn } from './sort-options.js';

const ROW_HEIGHT = 40;
/** Load the next page when this many loaded rows remain below the viewport. */
const PREFETCH_ROWS = 60;
const estimateSize = () => ROW_HEIGHT;

interface SessionTableProps {
  onDelete(session: Session): void;
  onEdit(session: Session): void;
}

export function SessionTable({ onDelete, onEdit }: SessionTableProps) {
  const rows = useLibrary((s) => s.rows);
  const total = useLibrary((s) => s.total);
  const sort = useLibrary((s) => s.filters.sort);
  const hasMore = useLibrary((s) => s.nextCursor !== null);
  const loadingMore = useLibrary((s) => s.loadingMore);
  const setFilters = useLibrary((s) => s.setFilters);
  const loadMore = useLibrary((s) => s.loadMore);

  // Searches add a column showing where each session matched.
  const searching = useLibrary((s) => s.filters.q.trim() !== '');
  const columns = useMemo(() => sessionColumns(onDelete, onEdit, searching), [onDelete, onEdit, searching]);
  // Marks when a new set of rows is on screen (bench/first-paint.ts measures the search box's pause to here).
  // Only a change of rows marks: the query changes first, while the previous query's rows are still shown.
  const query = useRef('');
  query.current = useLibrary((s) => s.filters.q);
  // Not cancelled when more rows arrive before that frame: the frame still shows this query's first rows.
  useLayoutEffect(() => {
    if (rows.length === 0) return;
    const q = query.current;
    afterNextPaint(() => mark(ROWS_PAINTED_MARK, { q, rows: rows.length }));
  }, [rows]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  const hidden = useMemo(
    () =>
      hiddenColumns(
        COLUMN_WIDTHS,
        columns.map((c) => c.id ?? ''),
        width,
      ),
    [columns, width],
  );
  const columnVisibility = useMemo(() => Object.fromEntries([...hidden].map((id) => [id, false])), [hidden]);
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualSorting: true,
    state: { columnVisibility },
  });
  const tableRows = table.getRowModel().rows;
  const template = useMemo(
    () =>
      columns
        .filter((c) => !hidden.has(c.id ?? ''))
        .map((c) => COLUMN_WIDTHS[c.id ?? ''] ?? '1fr')
        .join(' '),
    [columns, hidden],
  );

  // Stable option functions: the virtualizer recomputes every row's offset when one of them changes identity,
  // which at 100,000 rows would turn each scroll frame into a full re-layout.
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const getItemKey = useCallback((index: number) => tableRows[index]?.id ?? `loader-${index}`, [tableRows]);
  const virtualizer = useVirtualizer({
    count: tableRows.length + (hasMore ? 1 : 0),
    getScrollElement,
    estimateSize,
    overscan: 12,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();
  const { selection } = useServices();
  const selected = useSelection((s) => s.ids);
  const onToggle = useCallback((id: string) => selection.getState().toggle(id), [selection]);
  const keys = useRowKeys({ scrollRef, virtualizer, rows, onDelete, onToggle });
  const lastIndex = items.at(-1)?.index ?? 0;
  // The rows on screen, for one batched poster request (the title cell's thumbnail).
  const shown = useMemo(
    () => items.flatMap((item) => (tableRows[item.index] ? [tableRows[item.index]!.original] : [])),
    [items, tableRows],
  );
  const posters = usePosters(shown);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= tableRows.length - PREFETCH_ROWS) void loadMore();
  }, [hasMore, loadingMore, lastIndex, tableRows.length, loadMore]);

  // A new filter or sort shows the top of the new list.
  const filtersKey = useLibrary((s) => JSON.stringify(s.filters));
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filtersKey]);

  return (
    <div className="table-scroll" ref={scrollRef} data-testid="session-table-scroll" tabIndex={-1}>
      <table
        className="session-table"
        role="table"
        aria-label="Sessions"
        aria-rowcount={total + 1}
        data-testid="session-table"
        style={{ ['--columns' as string]: template }}
      >
        <thead role="rowgroup" className="session-thead">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} role="row" aria-rowindex={1} className="session-row header-row">
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} sort={sort} onSort={(next) => setFilters({ sort: next })} />
              ))}
            </tr>
          ))}
        </thead>
        <PostersContext.Provider value={posters}>
          <tbody
            role="rowgroup"
            className="session-tbody"
            style={{ height: virtualizer.getTotalSize() }}
            onKeyDown={keys.onKeyDown}
          >
            {items.map((item) => {
              const row = tableRows[item.index];
              const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
              if (!row) {
                return (
                  <tr
                    key={item.key}
                    role="row"
                    className="session-row loader-row"
                    style={style}
                    aria-rowindex={item.index + 2}
                  >
                    <td role="cell" className="loader-cell">
                      Loading more sessions…
                    </td>
                  </tr>
                );
              }
              const failed = row.original.status === 'failed';
              const isSelected = selected.has(row.id);
              return (
                <tr
                  key={row.id}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={isSelected}
                  className={`session-row${failed ? ' is-failed' : ''}${isSelected ? ' is-selected' : ''}`}
                  style={style}
                  data-testid="session-row"
                  data-session-id={row.id}
                  data-status={row.original.status}
                  tabIndex={keys.tabIndexFor(row.id, item.index)}
                  onFocus={() => keys.setActiveId(row.id)}
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
            })}
          </tbody>
        </PostersContext.Provider>
      </table>
    </div>
  );
}

interface HeaderCellProps {
  header: Header<Session, unknown>;
  sort: SessionSort;
  onSort(sort: SessionSort): void;
}

function HeaderCell({ header, sort, onSort }: HeaderCellProps) {
  const id = header.column.id;
  const label = flexRender(header.column.columnDef.header, header.getContext());
  const numeric = header.column.columnDef.meta?.numeric ? ' numeric' : '';
  if (!isSortableColumn(id)) {
    return (
      <th role="columnheader" className={`cell header-cell${numeric}`} scope="col">
        {label}
      </th>
    );
  }
  const direction = columnSortDirection(id, sort);
  return (
    <th role="columnheader" className={`cell header-cell${numeric}`} scope="col" aria-sort={direction}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(nextSortForColumn(id, sort))}
        data-testid={`sort-${id}`}
      >
        {label}
        <span className={`sort-indicator ${direction}`} aria-hidden="true">
          {direction === 'descending' ? '▼' : direction === 'ascending' ? '▲' : '↕'}
        </span>
      </button>
    </th>
  );
}
