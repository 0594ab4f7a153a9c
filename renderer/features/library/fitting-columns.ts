/**
 * Which table columns fit the window: a table wider than its window scrolls sideways and hides the columns a coach
 * looks at. The least needed go first (coach's talk share, platform, transcript, size, duration, backup, client) until the minimum
 * widths fit; the review shows everything a hidden column would. Backup state outranks size: at 1280 px a coach
 * still sees which sessions are safe in S3 and an upload's progress.
 */
export const COLLAPSE_ORDER = ['coachShare', 'platform', 'transcript', 'size', 'duration', 'upload', 'client'] as const;
/** Cell padding and the scrollbar: room the column minimums do not count. */
const SLACK_PX = 24;

/** The smallest width a grid-template entry allows: `80px` → 80, `minmax(220px, 2fr)` → 220. */
export function minimumWidth(template: string): number {
  const px = /(\d+(?:\.\d+)?)px/.exec(template);
  return px ? Number(px[1]) : 0;
}

export function hiddenColumns(widths: Readonly<Record<string, string>>, ids: readonly string[], available: number) {
  const hidden = new Set<string>();
  const need = () => ids.filter((id) => !hidden.has(id)).reduce((sum, id) => sum + minimumWidth(widths[id] ?? ''), 0);
  for (const id of COLLAPSE_ORDER) {
    if (need() + SLACK_PX <= available) break;
    if (ids.includes(id)) hidden.add(id);
  }
  return hidden;
}
