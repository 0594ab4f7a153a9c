/**
 * A virtual list of fixed-height items (the table's rows, the grid's lines of cards) as tall as the whole list, for
 * lists whose rows are fetched where they are scrolled to. It tells `onRange` which items are about to render from
 * the scroll event itself (the virtual list re-renders before its own onChange, so asking there would send the
 * request after the placeholders were built), and past the browser's element height it scrolls a scaled space
 * (scroll-scale.ts): items are then placed by that mapping, the keyboard's and the scrubber's scrolling go through it.
 */
import { observeElementOffset, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, type RefObject } from 'react';
import type { RowScroller } from './use-row-keys.js';
import { rangeAt, scaledItems, scrollScale, scrollTargetFor } from './scroll-scale.js';

interface WindowedListOptions {
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Items in the list (rows, or lines of cards). */
  count: number;
  itemHeight: number;
  overscan: number;
  /** What scrolls with the items besides them (a header, the room kept below the last item), in px. */
  chrome: number;
  /** A sticky header over the items, in px: the keyboard keeps the item it moves to below it. */
  header?: number;
  /** Items [first, last] are about to be rendered; null while the list pages from the top instead. */
  onRange: ((first: number, last: number) => void) | null;
}

export function useWindowedList({
  scrollRef,
  count,
  itemHeight,
  overscan,
  chrome,
  header = 0,
  onRange,
}: WindowedListOptions) {
  // Stable option functions: the virtualizer recomputes every item's offset when one of them changes identity,
  // which at 100,000 rows would turn each scroll frame into a full re-layout. Keys are indexes (the default).
  const getScrollElement = useCallback(() => scrollRef.current, [scrollRef]);
  const estimateSize = useCallback(() => itemHeight, [itemHeight]);
  const scaleRef = useRef(scrollScale(0, 0));
  const viewportRef = useRef(0);
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;
  /** The items to render: the virtual list's, or the scaled mapping's past the browser's height. */
  const rangeOf = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>) => {
      const scale = scaleRef.current;
      if (scale.ratio === 1) return instance.getVirtualItems();
      const offset = instance.scrollOffset ?? 0;
      return scaledItems(scale, offset, viewportRef.current, instance.options.count, itemHeight, overscan);
    },
    [itemHeight, overscan],
  );
  const onChange = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>) => {
      const range = rangeOf(instance);
      const first = range[0];
      const last = range.at(-1);
      if (first && last) onRangeRef.current?.(first.index, last.index);
    },
    [rangeOf],
  );
  const observeOffset = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>, cb: (offset: number, isScrolling: boolean) => void) =>
      observeElementOffset(instance, (offset, isScrolling) => {
        const want = onRangeRef.current;
        const range = want
          ? rangeAt(scaleRef.current, offset, viewportRef.current, instance.options.count, itemHeight, overscan)
          : null;
        if (want && range) want(range.first, range.last);
        cb(offset, isScrolling);
      }),
    [itemHeight, overscan],
  );
  const virtualizer = useVirtualizer({
    count,
    getScrollElement,
    estimateSize,
    overscan,
    onChange,
    observeElementOffset: observeOffset,
  });
  const viewport = virtualizer.scrollRect?.height ?? 0;
  viewportRef.current = viewport;
  const scale = useMemo(() => scrollScale(count * itemHeight, viewport, chrome), [count, itemHeight, viewport, chrome]);
  scaleRef.current = scale;
  const items = rangeOf(virtualizer);

  /** Item `index` at the top (the month scrubber), through the scaled mapping when there is one. */
  const scrollToItem = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (el) el.scrollTop = scaleRef.current.toReal(index * itemHeight);
    },
    [scrollRef, itemHeight],
  );
  // The keyboard's scrolling: the virtual list's own, or the scaled mapping's (its offsets are the real ones).
  const scroller = useMemo<RowScroller>(
    () => ({
      scrollToIndex(index: number, options: { align: 'auto' }) {
        const scale = scaleRef.current;
        if (scale.ratio === 1) return virtualizer.scrollToIndex(index, options);
        const el = scrollRef.current;
        const to = el ? scrollTargetFor(scale, el.scrollTop, viewportRef.current - header, index, itemHeight) : null;
        if (el && to !== null) el.scrollTop = to;
      },
    }),
    [virtualizer, scrollRef, header, itemHeight],
  );
  return {
    virtualizer,
    items,
    scale,
    scroller,
    scrollToItem,
    /** The item at the top of the viewport. */
    topItem: Math.floor(scale.toVirtual(virtualizer.scrollOffset ?? 0) / itemHeight),
    /** The body's height in real pixels. */
    height: scale.ratio === 1 ? virtualizer.getTotalSize() : scale.realSize,
  };
}
