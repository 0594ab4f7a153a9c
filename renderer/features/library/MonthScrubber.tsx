/**
 * A timeline beside the table when it is sorted by recording date, like a photo library's: years (and months where
 * there is room) along the side, each month a band as tall as its share of the list. Click or drag to jump to a
 * month's first session; the scrubber is one slider for the keyboard (↑/↓ a month, PageUp/PageDown a year,
 * Home/End) and names the month for screen readers. Positions come from GET /sessions/months (counts per month for
 * the same filters), so a jump is a scroll to a row index and the table fetches the window it lands on.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLibrary, useServices } from '../../app/services.js';
import { plural } from '../../lib/format.js';
import { toListInput } from './list-query.js';
import {
  monthAt,
  monthLabel,
  otherYear,
  shortMonth,
  timeline,
  type MonthCount,
  type TimelineMonth,
} from './month-timeline.js';

/** A label needs this many pixels from the one above it. */
const LABEL_GAP = 16;

interface MonthScrubberProps {
  /** The list's row at the top of the table. */
  topRow: number;
  /** Scrolls the table to put row `index` at the top. */
  scrollToRow(index: number): void;
}

/** Counts per month for the current filters (less the search words and the sort), fetched again on a change. */
function useMonthCounts(): MonthCount[] {
  const { transport } = useServices();
  const filters = useLibrary((s) => s.filters);
  const total = useLibrary((s) => s.total);
  const { q: _q, sort: _sort, limit: _limit, ...list } = toListInput(filters);
  // The months of the coach's own time zone, as the table's dates are shown (the server counts UTC otherwise).
  const input = { ...list, tz: localTimeZone() };
  const key = JSON.stringify(input);
  const [months, setMonths] = useState<MonthCount[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    transport.client.sessions
      .months(JSON.parse(key) as typeof input, { signal: controller.signal })
      .then((answer) => setMonths(answer.items))
      .catch(() => {
        if (!controller.signal.aborted) setMonths([]); // no timeline is better than a wrong one
      });
    return () => controller.abort();
    // `total` moves when sessions come or go: the counts are fetched again.
  }, [transport, key, total]);
  return months;
}

/** The browser's time zone (IANA name), or undefined where the runtime does not say. */
function localTimeZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

/** The element's height, kept current by a ResizeObserver. */
function useHeight(element: HTMLElement | null): number {
  const [height, setHeight] = useState(0);
  useEffect(() => {
    if (!element) return;
    setHeight(element.getBoundingClientRect().height);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setHeight(entry.contentRect.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return height;
}

export const MonthScrubber = memo(function MonthScrubber({ topRow, scrollToRow }: MonthScrubberProps) {
  const ascending = useLibrary((s) => s.filters.sort === 'recorded_at');
  const counts = useMonthCounts();
  const months = useMemo(() => timeline(counts, ascending), [counts, ascending]);
  const counted = months.reduce((n, m) => n + m.count, 0);
  const [track, setTrack] = useState<HTMLDivElement | null>(null);
  const height = useHeight(track);
  const [hover, setHover] = useState<number | null>(null);
  const dragging = useRef(false);

  // The month at the top of the table, as it scrolls: from the virtual list's offset (reading the element's
  // scrollTop in a scroll handler forced a second layout of every jump, after the table had re-rendered).
  const atTop = Math.max(0, monthAt(months, topRow));
  const [jumped, setJumped] = useState<{ month: number; from: number } | null>(null);
  // A jump names its month until the table moves (the last months may start below the list's last screen).
  const current = jumped && jumped.from === topRow ? jumped.month : atTop;

  const jump = useCallback(
    (index: number) => {
      const month = months[index];
      if (!month) return;
      scrollToRow(month.start);
      setJumped({ month: index, from: topRow });
    },
    [months, scrollToRow, topRow],
  );

  const monthAtY = (clientY: number): number => {
    const rect = track?.getBoundingClientRect();
    if (!rect || counted === 0) return -1;
    const fraction = Math.min(0.9999, Math.max(0, (clientY - rect.top) / rect.height));
    return monthAt(months, Math.floor(fraction * counted));
  };

  // The labels change with the months and the track's height only; a jump moves the current month, which
  // re-renders two bands (memo), not the hundreds of them with their titles (several ms of every jump before).
  const layout = useMemo(() => scrubberLayout(months, counted, height), [months, counted, height]);
  if (months.length < 2) return null;
  const { y, labels } = layout;
  const shown = hover ?? current;
  const at = months[shown]!;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = months.length - 1;
    const to: Record<string, number> = {
      ArrowDown: Math.min(last, current + 1),
      ArrowUp: Math.max(0, current - 1),
      PageDown: otherYear(months, current, 1),
      PageUp: otherYear(months, current, -1),
      Home: 0,
      End: last,
    };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    jump(next);
  };

  return (
    <div
      className="month-scrubber"
      role="slider"
      tabIndex={0}
      aria-label="Timeline: jump to a month"
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={months.length - 1}
      aria-valuenow={current}
      aria-valuetext={`${monthLabel(months[current]!.month)}, ${plural(months[current]!.count, 'session')}`}
      data-testid="month-scrubber"
      onKeyDown={onKeyDown}
    >
      <div
        className="scrubber-track"
        ref={setTrack}
        onPointerDown={(event) => {
          dragging.current = true;
          event.currentTarget.setPointerCapture(event.pointerId);
          jump(monthAtY(event.clientY));
        }}
        onPointerMove={(event) => {
          const i = monthAtY(event.clientY);
          setHover(i);
          if (dragging.current && i !== current) jump(i);
        }}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
        onPointerLeave={() => !dragging.current && setHover(null)}
      >
        {months.map((m, i) => (
          <MonthBand
            key={m.month}
            month={m.month}
            count={m.count}
            top={y(m.start)}
            height={Math.max(1, (m.count / counted) * height)}
            current={i === current}
          />
        ))}
        {labels.map((l) => (
          <span
            key={months[l.i]!.month}
            className={`scrubber-label${l.year ? ' is-year' : ''}`}
            style={{ top: y(months[l.i]!.start) }}
            aria-hidden="true"
          >
            {l.text}
          </span>
        ))}
        <span className="scrubber-bubble" style={{ top: y(at.start) }} aria-hidden="true" data-testid="scrubber-bubble">
          {monthLabel(at.month)}
        </span>
      </div>
    </div>
  );
});

interface MonthBandProps {
  month: string;
  count: number;
  top: number;
  height: number;
  current: boolean;
}

const MonthBand = memo(function MonthBand({ month, count, top, height, current }: MonthBandProps) {
  return (
    <span
      className={`scrubber-month${current ? ' is-current' : ''}`}
      style={{ top, height }}
      data-month={month}
      title={`${monthLabel(month)}: ${plural(count, 'session')}`}
    />
  );
});

/** Where each month's band starts, and which get a label (years always, months where there is room). */
function scrubberLayout(months: readonly TimelineMonth[], counted: number, height: number) {
  const y = (start: number) => (counted === 0 ? 0 : (start / counted) * height);
  const labels: { i: number; text: string; year: boolean }[] = [];
  let lastY = -Infinity;
  months.forEach((m, i) => {
    const year = i === 0 || m.month.slice(0, 4) !== months[i - 1]!.month.slice(0, 4);
    if (y(m.start) - lastY < LABEL_GAP) return;
    const roomForMonth = (m.count / counted) * height >= LABEL_GAP;
    if (!year && !roomForMonth) return;
    labels.push({ i, text: year ? m.month.slice(0, 4) : shortMonth(m.month), year });
    lastY = y(m.start);
  });
  return { y, labels };
}
