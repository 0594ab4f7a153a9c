/**
 * The virtualized session table. It is as tall as the whole list (the server's `total`), so the scrollbar spans the
 * library and can be dragged to last spring; the rows in view (plus overscan) are the only ones in the DOM, and
 * those not fetched yet paint at once as placeholders while their window is fetched by offset (the store's
 * `showRange`). A search with more matches than the server counts (`total_is_lower_bound`) pages from the top as
 * before. Sorted by recording date, a month scrubber runs beside it. Sorting is the server's: headers set the API
 * `sort` value (manualSorting).
 */
import { flexRender, getCoreRowModel, useReactTable, type Header } from '@tanstack/react-table';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Session, SessionSort } from '../../../shared/contract/index.js';
import { useLibrary, useSelection, useServices } from '../../app/services.js';
import { afterNextPaint, mark, ROWS_PAINTED_MARK } from '../../lib/perf-marks.js';
import { hiddenColumns } from './fitting-columns.js';
import { useElementWidth } from './use-element-width.js';
import { useRowKeys, type RowSource } from './use-row-keys.js';
import { useWindowedList } from './use-windowed-list.js';
import { PostersContext } from './RowThumb.js';
import { COLUMN_WIDTHS, sessionColumns } from './session-columns.js';
import { usePosters } from './use-posters.js';
import { indexOfRow, rowAt } from '../../stores/list-windows.js';
import { MonthScrubber } from './MonthScrubber.js';
import { SessionRow, SkeletonRun } from './SessionRow.js';
import { columnSortDirection, isSortableColumn, nextSortForColumn } from './sort-options.js';

const ROW_HEIGHT = 40;
/** Load the next page when this many loaded rows remain below the viewport. */
const PREFETCH_ROWS = 60;
const OVERSCAN = 4;
/** What scrolls with the rows besides them: the header row and the room kept below the last row (table.css). */
const CHROME = ROW_HEIGHT + 112;

interface SessionTableProps {
  onDelete(session: Session): void;
  onEdit(session: Session): void;
}

export function SessionTable({ onDelete, onEdit }: SessionTableProps) {
  const rows = useLibrary((s) => s.rows);
  const windows = useLibrary((s) => s.windows);
  const total = useLibrary((s) => s.total);
  const lowerBound = useLibrary((s) => s.totalIsLowerBound);
  const showRange = useLibrary((s) => s.showRange);
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
  const visibleKey = useMemo(() => [...hidden].sort().join(','), [hidden]);
  // The whole list when its total is exact; else the rows loaded from the top and a loader row.
  const count = lowerBound ? rows.length + (hasMore ? 1 : 0) : Math.max(total, rows.length);
  const source = useMemo<RowSource>(
    () => ({
      length: lowerBound ? rows.length : count,
      at: (i) => rowAt(rows, windows, i),
      indexOf: (id) => indexOfRow(rows, windows, id),
    }),
    [rows, windows, count, lowerBound],
  );

  // The windows of a new range are asked for from the scroll event (use-windowed-list.ts); a search whose total is a
  // lower bound pages from the top instead.
  const { items, scroller, scrollToItem, topItem, height } = useWindowedList({
    scrollRef,
    count,
    itemHeight: ROW_HEIGHT,
    overscan: OVERSCAN,
    chrome: CHROME,
    header: ROW_HEIGHT,
    onRange: lowerBound ? null : showRange,
  });
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  // The sessions on screen: the table model is built over them only (a few dozen rows, whatever the total).
  // The range and its size (not the item objects) decide the rows: with one row, the first render has no items (the
  // scroll element is not measured yet) and the next has item 0; both say 0..0, so the count tells them apart (the
  // row stayed a placeholder after coming back to the library, found by the offload e2e at 1024 px).
  const shown = useMemo(
    () => items.flatMap((item) => source.at(item.index) ?? []),
    [firstIndex, lastIndex, items.length, source],
  );
  const table = useReactTable({
    data: shown,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualSorting: true,
    state: { columnVisibility },
  });
  const tableRows = table.getRowModel().rowsById;
  const template = useMemo(
    () =>
      columns
        .filter((c) => !hidden.has(c.id ?? ''))
        .map((c) => COLUMN_WIDTHS[c.id ?? ''] ?? '1fr')
        .join(' '),
    [columns, hidden],
  );

  const { selection } = useServices();
  const selected = useSelection((s) => s.ids);
  const onToggle = useCallback((id: string) => selection.getState().toggle(id), [selection]);
  const keys = useRowKeys({ scrollRef, virtualizer: scroller, rows: source, onDelete, onToggle });
  // The rows on screen, for one batched poster request (the title cell's thumbnail).
  const posters = usePosters(shown);

  // Fetch the windows in view (again after the windows were dropped: a live insert or delete moved the rows).
  useEffect(() => {
    if (!lowerBound) showRange(firstIndex, lastIndex);
  }, [lowerBound, showRange, firstIndex, lastIndex, windows, rows, total]);
  useEffect(() => {
    if (lowerBound && hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) void loadMore();
  }, [lowerBound, hasMore, loadingMore, lastIndex, rows.length, loadMore]);

  // A new filter or sort shows the top of the new list.
  const filtersKey = useLibrary((s) => JSON.stringify(s.filters));
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filtersKey]);

  const byDate = sort === '-recorded_at' || sort === 'recorded_at';
  return (
    <div className="table-with-scrubber">
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
                  <HeaderCell
                    key={header.id}
                    header={header}
                    sort={sort}
                    onSort={(next) => setFilters({ sort: next })}
                  />
                ))}
              </tr>
            ))}
          </thead>
          <PostersContext.Provider value={posters}>
            <tbody role="rowgroup" className="session-tbody" style={{ height }} onKeyDown={keys.onKeyDown}>
              {placeholderRuns(items, source).map((item) => {
                if ('count' in item) {
                  // Not fetched yet: one placeholder paints at once for the whole run of missing rows (a jump lands
                  // on ~26 of them: one element, not 26 rows to build and then tear down when the window arrives).
                  return (
                    <SkeletonRun
                      key={`run-${item.run}`}
                      index={item.index}
                      count={item.count}
                      start={item.start}
                      height={ROW_HEIGHT}
                    />
                  );
                }
                const session = source.at(item.index);
                const row = session ? tableRows[session.id] : undefined;
                const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
                if (!row && lowerBound) {
                  return (
                    <tr
                      key={`loader-${item.index}`}
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
                if (!row) return null; // in a run of placeholders (placeholderRuns)
                return (
                  <SessionRow
                    key={row.id}
                    row={row}
                    index={item.index}
                    start={item.start}
                    height={ROW_HEIGHT}
                    selected={selected.has(row.id)}
                    tabIndex={keys.tabIndexFor(row.id, item.index)}
                    columns={columns}
                    visibleKey={visibleKey}
                    onActive={keys.setActiveId}
                    selection={selection}
                  />
                );
              })}
            </tbody>
          </PostersContext.Provider>
        </table>
      </div>
      {byDate && !lowerBound ? <MonthScrubber topRow={topItem} scrollToRow={scrollToItem} /> : null}
    </div>
  );
}

type RenderItem = { index: number; start: number } | { index: number; start: number; count: number; run: number };

/**
 * The items to render: rows loaded (or the search's loader row) as they are, and each run of consecutive rows not
 * fetched yet as one placeholder item (`count` rows from `index`; `run` numbers the runs for stable keys).
 */
function placeholderRuns(items: readonly { index: number; start: number }[], source: RowSource): RenderItem[] {
  const out: RenderItem[] = [];
  let runs = 0;
  let open: { index: number; start: number; count: number; run: number } | null = null;
  for (const item of items) {
    const missing = item.index < source.length && source.at(item.index) === undefined;
    if (!missing) {
      open = null;
      out.push(item);
    } else if (open && open.index + open.count === item.index) open.count += 1;
    else {
      open = { index: item.index, start: item.start, count: 1, run: runs++ };
      out.push(open);
    }
  }
  return out;
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
