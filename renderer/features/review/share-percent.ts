/**
 * Talk shares as whole percentages that add up to 100 (largest remainder): rounding each share on its own gives
 * 34% + 34% + 33% = 101%, which a coach reads as a bug. Shares that do not cover the whole (silence not counted)
 * keep their own total, rounded the same way.
 */
export function percentages(shares: readonly number[]): number[] {
  const clean = shares.map((s) => (Number.isFinite(s) && s > 0 ? s * 100 : 0));
  const target = Math.min(100, Math.round(clean.reduce((sum, s) => sum + s, 0)));
  const floors = clean.map(Math.floor);
  let missing = target - floors.reduce((sum, f) => sum + f, 0);
  const order = clean.map((s, i) => ({ i, rest: s - Math.floor(s) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    floors[i]! += 1;
    missing -= 1;
  }
  return floors;
}
