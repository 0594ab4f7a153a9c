import { Virtualizer } from '@tanstack/virtual-core';
import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_PX,
  rangeAt,
  scaledItems,
  scrollScale,
  scrollTargetFor,
} from '../../../renderer/features/library/scroll-scale.js';

const ROW = 40;

describe('scroll space of very large lists', () => {
  it('is the plain one while the list fits the browser', () => {
    const s = scrollScale(100_000 * ROW, 800, 144);
    expect(s.realSize).toBe(100_000 * ROW);
    expect([s.toVirtual(12_345), s.toReal(12_345), s.rowTop(4_000, 3_000)]).toEqual([12_345, 12_345, 4_000]);
  });

  it('keeps a million rows under the cap, and the scrollbar spans all of them', () => {
    const rows = 1_000_000;
    const viewport = 800;
    const chrome = 144;
    const s = scrollScale(rows * ROW, viewport, chrome);
    expect(s.realSize).toBe(MAX_SCROLL_PX);
    expect(s.realSize).toBeLessThan(33_000_000); // Chromium's maximum element height
    const realMax = s.realSize + chrome - viewport;
    const virtualMax = rows * ROW + chrome - viewport;
    // Top: the first row; bottom: the last row's last pixel; halfway: the middle row.
    expect(s.toVirtual(0)).toBe(0);
    expect(s.toVirtual(realMax)).toBeCloseTo(virtualMax, 3);
    expect(Math.floor(s.toVirtual(realMax / 2) / ROW)).toBe(Math.floor(virtualMax / 2 / ROW));
    // Round trips, and clamped ends.
    for (const v of [0, 1, 12_345_678, virtualMax]) expect(s.toVirtual(s.toReal(v))).toBeCloseTo(v, 3);
    expect(s.toReal(virtualMax * 2)).toBeCloseTo(realMax, 6);
    expect(s.toVirtual(-5)).toBe(0);
    // Rows in view keep their pixel distance from the top of the viewport: the row at the scroll position is there.
    const real = 7_654_321;
    const first = Math.floor(s.toVirtual(real) / ROW);
    const top = s.rowTop(first * ROW, real);
    expect(top).toBeLessThanOrEqual(real);
    expect(top).toBeGreaterThan(real - ROW);
    expect(s.rowTop((first + 1) * ROW, real) - top).toBe(ROW);
  });

  it('renders the rows at the scroll position, down to the last one at the bottom', () => {
    const rows = 1_000_000;
    const [viewport, chrome] = [800, 144];
    const s = scrollScale(rows * ROW, viewport, chrome);
    const realMax = s.realSize + chrome - viewport;
    const atEnd = scaledItems(s, realMax, viewport, rows, ROW, 4);
    expect(atEnd.at(-1)!.index).toBe(rows - 1);
    // The last row ends within the body, above the padding below it, and is in the viewport.
    expect(atEnd.at(-1)!.start + ROW).toBeLessThanOrEqual(s.realSize + 1);
    expect(atEnd.at(-1)!.start + ROW).toBeGreaterThan(realMax);
    const atTop = scaledItems(s, 0, viewport, rows, ROW, 4);
    expect(atTop[0]).toEqual({ index: 0, start: 0 });
    // The keyboard: End scrolls to the bottom; a row in view does not scroll.
    expect(scrollTargetFor(s, 0, viewport, rows - 1, ROW)).toBeCloseTo(s.toReal((rows - 1) * ROW + ROW - viewport), 6);
    expect(scrollTargetFor(s, 0, viewport, 3, ROW)).toBeNull();
  });
});

describe('the rows a scroll lands on, before the list renders', () => {
  it('are the virtual list’s own range, overscan included', () => {
    const viewport = 717;
    const count = 100_000;
    for (const offset of [0, 1, 39, 40, 41, 12_345, 2_000_000, count * ROW - viewport]) {
      const v = new Virtualizer<object, object>({
        count,
        estimateSize: () => ROW,
        overscan: 4,
        getScrollElement: () => null,
        scrollToFn: () => undefined,
        observeElementRect: () => undefined,
        observeElementOffset: () => undefined,
        initialOffset: offset,
        initialRect: { width: 1000, height: viewport },
      });
      const items = v.getVirtualItems();
      expect(rangeAt(scrollScale(count * ROW, viewport), offset, viewport, count, ROW, 4), `offset ${offset}`).toEqual({
        first: items[0]!.index,
        last: items.at(-1)!.index,
      });
    }
  });

  it('follow the scaled mapping past the browser’s height, and an empty list has none', () => {
    const s = scrollScale(1_000_000 * ROW, 800, 152);
    const items = scaledItems(s, 7_000_000, 800, 1_000_000, ROW, 4);
    expect(rangeAt(s, 7_000_000, 800, 1_000_000, ROW, 4)).toEqual({
      first: items[0]!.index,
      last: items.at(-1)!.index,
    });
    expect(rangeAt(s, 0, 800, 0, ROW, 4)).toBeNull();
  });
});
