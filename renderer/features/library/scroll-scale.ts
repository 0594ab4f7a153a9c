/**
 * A scroll space for lists taller than the browser allows. Chromium caps an element near 33.5M px (~830,000 rows
 * of 40 px): past MAX_SCROLL_PX the table's body stays that tall and the scroll position is scaled, so the
 * scrollbar still spans the whole library — its top is the first row, its bottom the last, halfway is the middle
 * row. The virtual list works in "virtual" pixels (rows × row height); the element scrolls in "real" ones. Rows in
 * view are placed relative to the real scroll position (`rowTop`), so they sit where they would without scaling.
 */

/** Well under Chromium's cap (and Firefox's ~17.9M): lists up to 375,000 rows of 40 px are not scaled at all. */
export const MAX_SCROLL_PX = 15_000_000;

export interface ScrollScale {
  /** The body's height in real pixels. */
  readonly realSize: number;
  /** Virtual pixels per real pixel of scrolling (1 when not scaled). */
  readonly ratio: number;
  toVirtual(realOffset: number): number;
  toReal(virtualOffset: number): number;
  /** Where a row starting at virtual `start` goes in the body, while the element is scrolled to `realOffset`. */
  rowTop(start: number, realOffset: number): number;
}

/**
 * `size`: the list's height in virtual pixels; `viewport`: the scroll element's height, less what scrolls with the
 * body (its header and padding: `chrome`), so the last scroll position shows the last row in both spaces.
 */
export function scrollScale(size: number, viewport: number, chrome = 0, max = MAX_SCROLL_PX): ScrollScale {
  if (size <= max) {
    return { realSize: size, ratio: 1, toVirtual: (r) => r, toReal: (v) => v, rowTop: (start) => start };
  }
  // Scroll ranges: 0 … (content + chrome − viewport) in each space.
  const virtualRange = Math.max(1, size + chrome - viewport);
  const realRange = Math.max(1, max + chrome - viewport);
  const ratio = virtualRange / realRange;
  const toVirtual = (real: number) => Math.min(virtualRange, Math.max(0, real * ratio));
  return {
    realSize: max,
    ratio,
    toVirtual,
    toReal: (virtual) => Math.min(realRange, Math.max(0, virtual / ratio)),
    rowTop: (start, realOffset) => start - toVirtual(realOffset) + realOffset,
  };
}

/** The rows to render while the element is scrolled to `realOffset` (with `overscan` more either side). */
export function scaledItems(
  scale: ScrollScale,
  realOffset: number,
  viewport: number,
  count: number,
  rowHeight: number,
  overscan: number,
): { index: number; start: number }[] {
  if (count === 0) return [];
  const top = scale.toVirtual(realOffset);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.floor((top + viewport) / rowHeight) + overscan);
  const out: { index: number; start: number }[] = [];
  for (let index = first; index <= last; index++) {
    out.push({ index, start: scale.rowTop(index * rowHeight, realOffset) });
  }
  return out;
}

/**
 * Where to scroll (real px) to bring row `index` into view as the keyboard moves ("auto": not at all when it is in
 * view; else to show it at the top, or at the bottom when coming from above). Null when it is in view.
 */
export function scrollTargetFor(
  scale: ScrollScale,
  realOffset: number,
  viewport: number,
  index: number,
  rowHeight: number,
): number | null {
  const top = scale.toVirtual(realOffset);
  const start = index * rowHeight;
  if (start >= top && start + rowHeight <= top + viewport) return null;
  return scale.toReal(start < top ? start : start + rowHeight - viewport);
}

/**
 * The rows [first, last] the list renders while scrolled to `realOffset`, as the virtual list computes them (the
 * rows crossing the viewport, `overscan` more either side), or the scaled mapping's past the browser's height. Null
 * for an empty list. Lets a scroll ask for its rows before the list re-renders.
 */
export function rangeAt(
  scale: ScrollScale,
  realOffset: number,
  viewport: number,
  count: number,
  rowHeight: number,
  overscan: number,
): { first: number; last: number } | null {
  if (count === 0) return null;
  if (scale.ratio !== 1) {
    const items = scaledItems(scale, realOffset, viewport, count, rowHeight, overscan);
    return { first: items[0]!.index, last: items.at(-1)!.index };
  }
  const top = Math.max(0, realOffset);
  const start = Math.min(count - 1, Math.floor(top / rowHeight));
  const end = Math.min(count - 1, Math.max(start, Math.ceil((top + viewport) / rowHeight) - 1));
  return { first: Math.max(0, start - overscan), last: Math.min(count - 1, end + overscan) };
}
