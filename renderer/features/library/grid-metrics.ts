/** The grid's fixed sizes (they must match grid.css) and how many cards fit a line. */
/** Must match .grid-card's height plus the gap in table.css. */
export const GRID_LINE_HEIGHT = 252;
const CARD_MIN_WIDTH = 220;
const GAP = 12;
/** The grid's own padding left and right (table.css). */
const PADDING = 24;
/** Must match .grid-group's height in grid.css. */
export const GROUP_HEADER_HEIGHT = 40;

export function cardsPerLine(width: number): number {
  return Math.max(1, Math.floor((width - PADDING + GAP) / (CARD_MIN_WIDTH + GAP)));
}
