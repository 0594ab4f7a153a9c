/**
 * Where the waveform's bars go on one of wavesurfer's canvases (wavesurfer's `renderFunction` hands over a slice
 * of the peaks and the canvas), and the time of each, so it can take the colour of whoever speaks then. Pure (no
 * DOM): Waveform.tsx fills them.
 */
export interface BarStyle {
  /** CSS pixels. */
  barWidth: number;
  gap: number;
  pixelRatio: number;
  /** Largest |peak| of the whole waveform: every canvas slice scales alike. */
  maxPeak: number;
}

export interface BarPlan {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Time at the bar's centre, seconds. */
  t: number;
}

/**
 * Where the bars of a slice go. `offsetCss`/`totalCss` place this canvas in the whole waveform (wavesurfer may
 * split a long one over several canvases), so a bar's time is its place in the whole.
 */
export function planBars(
  peaks: ArrayLike<number>,
  canvas: { width: number; height: number },
  style: BarStyle,
  placement: { offsetCss: number; totalCss: number; duration: number },
): BarPlan[] {
  const { pixelRatio: dpr } = style;
  const step = (style.barWidth + style.gap) * dpr;
  const count = Math.floor(canvas.width / step);
  if (count <= 0 || peaks.length === 0 || !(placement.totalCss > 0)) return [];
  const half = canvas.height / 2;
  const scale = style.maxPeak > 0 ? 1 / style.maxPeak : 0;
  const out: BarPlan[] = [];
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * peaks.length) / count);
    const to = Math.max(from + 1, Math.floor(((k + 1) * peaks.length) / count));
    let peak = 0;
    for (let i = from; i < to && i < peaks.length; i++) peak = Math.max(peak, Math.abs(peaks[i] ?? 0));
    const h = Math.max(dpr, Math.min(1, peak * scale) * half * 2 * 0.96);
    const x = k * step;
    const centreCss = placement.offsetCss + (x + (style.barWidth * dpr) / 2) / dpr;
    out.push({
      x,
      y: half - h / 2,
      w: style.barWidth * dpr,
      h,
      t: (centreCss / placement.totalCss) * placement.duration,
    });
  }
  return out;
}
