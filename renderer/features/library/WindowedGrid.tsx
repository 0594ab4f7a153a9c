/**
 * The grid over the whole list, as the table is: as tall as the list's `total` in lines of cards from the first
 * page, the cards of the lines in view fetched by offset windows where it is scrolled to (the store's `showRange`,
 * asked from the scroll event), placeholder cards painted at once meanwhile, and the month scrubber beside it when
 * sorted by recording date, so a drag of the scrollbar or a month lands anywhere in the library. Used when the grid
 * is not grouped and the total is exact (a grouped grid, or a search counted past its bound, pages from the top).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Session } from '../../../shared/contract/index.js';
import { useLibrary, useSelection, useServices } from '../../app/services.js';
import { indexOfRow, rowAt } from '../../stores/list-windows.js';
import { MonthScrubber } from './MonthScrubber.js';
import { useSelectClick } from './SelectCell.js';
import { PlaceholderCard, SessionCard } from './SessionCard.js';
import { cardsPerLine, GRID_LINE_HEIGHT } from './grid-metrics.js';
import { useElementWidth } from './use-element-width.js';
import { usePosters } from './use-posters.js';
import { useRowKeys, type RowSource } from './use-row-keys.js';
import { useWindowedList } from './use-windowed-list.js';

/** Lines of cards rendered beyond the viewport either side. */
const OVERSCAN = 2;
/** What scrolls with the lines besides them: the room kept below the last line (grid.css). */
const CHROME = 112;

export function WindowedGrid({ onDelete }: { onDelete(session: Session): void }) {
  const rows = useLibrary((s) => s.rows);
  const windows = useLibrary((s) => s.windows);
  const total = useLibrary((s) => s.total);
  const showRange = useLibrary((s) => s.showRange);
  const sort = useLibrary((s) => s.filters.sort);
  const { selection } = useServices();
  const selected = useSelection((s) => s.ids);
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = cardsPerLine(useElementWidth(scrollRef));
  const count = Math.max(total, rows.length);
  const lineCount = Math.ceil(count / columns);
  const source = useMemo<RowSource>(
    () => ({ length: count, at: (i) => rowAt(rows, windows, i), indexOf: (id) => indexOfRow(rows, windows, id) }),
    [rows, windows, count],
  );

  /** Lines [first, last] are about to render: the rows on them are wanted. */
  const onRange = useCallback(
    (first: number, last: number) => showRange(first * columns, Math.min(count, (last + 1) * columns) - 1),
    [showRange, columns, count],
  );
  const { items, scroller, scrollToItem, topItem, height } = useWindowedList({
    scrollRef,
    count: lineCount,
    itemHeight: GRID_LINE_HEIGHT,
    overscan: OVERSCAN,
    chrome: CHROME,
    onRange,
  });
  const firstLine = items[0]?.index ?? 0;
  const lastLine = items.at(-1)?.index ?? 0;
  // Fetch the windows in view (again after the windows were dropped: a live insert or delete moved the rows).
  useEffect(() => {
    if (lineCount > 0) onRange(firstLine, lastLine);
  }, [onRange, firstLine, lastLine, lineCount, windows, rows]);

  const filtersKey = useLibrary((s) => JSON.stringify(s.filters));
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filtersKey]);

  const onToggle = useCallback((id: string) => selection.getState().toggle(id), [selection]);
  const keys = useRowKeys({ scrollRef, virtualizer: scroller, rows: source, onDelete, onToggle, columns });
  const onSelect = useSelectClick();
  const shown = useMemo(() => {
    const out: Session[] = [];
    for (let i = firstLine * columns; i < Math.min(count, (lastLine + 1) * columns); i++) {
      const session = source.at(i);
      if (session) out.push(session);
    }
    return out;
  }, [firstLine, lastLine, columns, count, source]);
  const posters = usePosters(shown);
  const byDate = sort === '-recorded_at' || sort === 'recorded_at';
  const scrollToRow = useCallback(
    (index: number) => scrollToItem(Math.floor(index / columns)),
    [scrollToItem, columns],
  );

  return (
    <div className="table-with-scrubber">
      <div className="grid-scroll" ref={scrollRef} data-testid="session-grid-scroll" tabIndex={-1}>
        <div
          role="grid"
          aria-label="Sessions"
          aria-rowcount={lineCount}
          aria-colcount={columns}
          aria-multiselectable="true"
          className="session-grid"
          data-testid="session-grid"
          style={{ height }}
          onKeyDown={keys.onKeyDown}
        >
          {items.map((item) => {
            const start = item.index * columns;
            const cards: React.ReactNode[] = [];
            for (let i = start; i < Math.min(count, start + columns); i++) {
              const session = source.at(i);
              cards.push(
                session ? (
                  <SessionCard
                    key={session.id}
                    session={session}
                    poster={posters.get(session.id) ?? null}
                    selected={selected.has(session.id)}
                    tabIndex={keys.tabIndexFor(session.id, i)}
                    onFocus={() => keys.setActiveId(session.id)}
                    onSelect={(shiftKey) => onSelect(session.id, { shiftKey })}
                  />
                ) : (
                  <PlaceholderCard key={`slot-${i}`} />
                ),
              );
            }
            return (
              <div
                key={item.index}
                role="row"
                aria-rowindex={item.index + 1}
                className="grid-line"
                style={{
                  transform: `translateY(${item.start}px)`,
                  gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
                }}
              >
                {cards}
              </div>
            );
          })}
        </div>
      </div>
      {byDate ? <MonthScrubber topRow={topItem * columns} scrollToRow={scrollToRow} /> : null}
    </div>
  );
}
