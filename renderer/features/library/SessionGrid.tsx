/**
 * The library as a grid of cards: poster frame, title, client, date, duration and status. Virtualised by lines of
 * cards (fixed height), so a million sessions cost what one screen does; the same rows, pages, selection and keys as
 * the table (arrows move between cards, Enter opens the review, Space selects, Delete asks to delete).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { useLibrary, useSelection, useServices } from '../../app/services.js';
import { plural } from '../../lib/format.js';
import { gridLayout, moveVertical, type GridLine, type GroupBy } from './grid-groups.js';
import { useSelectClick } from './SelectCell.js';
import { SessionCard } from './SessionCard.js';
import { WindowedGrid } from './WindowedGrid.js';
import { cardsPerLine, GRID_LINE_HEIGHT, GROUP_HEADER_HEIGHT } from './grid-metrics.js';
import { useElementWidth } from './use-element-width.js';
import { usePosters } from './use-posters.js';
import { useRowKeys } from './use-row-keys.js';

const PREFETCH_ROWS = 60;

export function SessionGrid({ onDelete, groupBy = 'none' }: { onDelete(session: Session): void; groupBy?: GroupBy }) {
  // Not grouped and counted exactly: the grid spans the whole list (WindowedGrid). Group headers sit where the key
  // changes among the rows loaded, so a grouped grid (and a search past its count) pages from the top.
  const windowed = useLibrary((s) => !s.totalIsLowerBound) && groupBy === 'none';
  return windowed ? <WindowedGrid onDelete={onDelete} /> : <PagedGrid onDelete={onDelete} groupBy={groupBy} />;
}

function PagedGrid({ onDelete, groupBy }: { onDelete(session: Session): void; groupBy: GroupBy }) {
  const rows = useLibrary((s) => s.rows);
  const total = useLibrary((s) => s.total);
  const hasMore = useLibrary((s) => s.nextCursor !== null);
  const loadingMore = useLibrary((s) => s.loadingMore);
  const loadMore = useLibrary((s) => s.loadMore);
  const { selection } = useServices();
  const selected = useSelection((s) => s.ids);
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = cardsPerLine(useElementWidth(scrollRef));
  const layout = useMemo(() => gridLayout(rows, columns, groupBy), [rows, columns, groupBy]);
  const { lines } = layout;

  const getScrollElement = useCallback(() => scrollRef.current, []);
  // New functions only when the layout changes: the virtualizer then recomputes its offsets (header lines are
  // shorter than lines of cards), and not on every render.
  const estimateSize = useCallback(
    (i: number) => (lines[i]?.kind === 'header' ? GROUP_HEADER_HEIGHT : GRID_LINE_HEIGHT),
    [lines],
  );
  const getItemKey = useCallback(
    (i: number) => {
      const line = lines[i];
      return line === undefined ? 'loader' : line.kind === 'header' ? line.key : `cards:${line.start}`;
    },
    [lines],
  );
  const virtualizer = useVirtualizer({
    count: lines.length + (hasMore ? 1 : 0),
    getScrollElement,
    estimateSize,
    getItemKey,
    overscan: 3,
  });
  const items = virtualizer.getVirtualItems();
  const onToggle = useCallback((id: string) => selection.getState().toggle(id), [selection]);
  const keyLayout = useMemo(
    () =>
      groupBy === 'none'
        ? undefined
        : {
            lineOf: (index: number) => layout.lineOfRow[index] ?? 0,
            vertical: (index: number, step: 1 | -1) => moveVertical(layout, index, step),
          },
    [groupBy, layout],
  );
  const keys = useRowKeys({ scrollRef, virtualizer, rows, onDelete, onToggle, columns, layout: keyLayout });
  const onSelect = useSelectClick();
  const lastLine = items.at(-1)?.index ?? 0;
  // The last row on screen: the end of the last line of cards shown (the loader line counts as the end).
  const lastRow = lastLine >= lines.length ? rows.length : lastRowThrough(lines, lastLine);

  useEffect(() => {
    if (hasMore && !loadingMore && lastRow >= rows.length - PREFETCH_ROWS) void loadMore();
  }, [hasMore, loadingMore, lastRow, rows.length, loadMore]);

  const filtersKey = useLibrary((s) => JSON.stringify(s.filters));
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filtersKey]);

  const shown = useMemo(
    () =>
      items.flatMap((item) => {
        const line = lines[item.index];
        return line?.kind === 'cards' ? rows.slice(line.start, line.end) : [];
      }),
    [items, rows, lines],
  );
  const posters = usePosters(shown);

  return (
    <div className="grid-scroll" ref={scrollRef} data-testid="session-grid-scroll" tabIndex={-1}>
      <div
        role="grid"
        aria-label="Sessions"
        aria-rowcount={Math.ceil(total / columns)}
        aria-colcount={columns}
        aria-multiselectable="true"
        className="session-grid"
        data-testid="session-grid"
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={keys.onKeyDown}
      >
        {items.map((item) => {
          const line = lines[item.index];
          const style = {
            transform: `translateY(${item.start}px)`,
            gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
          };
          if (line === undefined) {
            return (
              <div key={item.key} role="row" className="grid-line grid-loader" style={style}>
                <span role="gridcell">Loading more sessions…</span>
              </div>
            );
          }
          if (line.kind === 'header') {
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 1}
                className="grid-group"
                style={{ transform: style.transform }}
                data-testid="grid-group"
              >
                <span role="rowheader" className="grid-group-label">
                  {line.label}
                </span>
                <span className="muted small" data-testid="grid-group-count">
                  {plural(line.count, 'session')}
                  {hasMore && line.start + line.count === rows.length ? ' loaded' : ''}
                </span>
              </div>
            );
          }
          return (
            <div key={item.key} role="row" aria-rowindex={item.index + 1} className="grid-line" style={style}>
              {rows.slice(line.start, line.end).map((session, i) => (
                <SessionCard
                  key={session.id}
                  session={session}
                  poster={posters.get(session.id) ?? null}
                  selected={selected.has(session.id)}
                  tabIndex={keys.tabIndexFor(session.id, line.start + i)}
                  onFocus={() => keys.setActiveId(session.id)}
                  onSelect={(shiftKey) => onSelect(session.id, { shiftKey })}
                />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The end (exclusive) of the rows shown through line `at`. */
function lastRowThrough(lines: readonly GridLine[], at: number): number {
  for (let l = at; l >= 0; l--) {
    const line = lines[l]!;
    if (line.kind === 'cards') return line.end;
  }
  return 0;
}
