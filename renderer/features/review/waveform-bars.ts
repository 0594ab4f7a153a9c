/**
 * Draws the waveform's bars on one of wavesurfer's canvases, each bar in the colour of whoever speaks at its time
 * (wavesurfer's `renderFunction`: it hands over a slice of the peaks and the canvas). Bars of one colour are filled
 * as one path, so a 2-hour waveform is a handful of fills, not thousands.
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

/** Fills the planned bars, one path per colour. */
export function drawBars(ctx: CanvasRenderingContext2D, bars: readonly BarPlan[], colourAt: (t: number) => string) {
  const paths = new Map<string, Path2D>();
  for (const bar of bars) {
    const colour = colourAt(bar.t);
    let path = paths.get(colour);
    if (!path) paths.set(colour, (path = new Path2D()));
    path.rect(bar.x, bar.y, bar.w, bar.h);
  }
  for (const [colour, path] of paths) {
    ctx.fillStyle = colour;
    ctx.fill(path);
  }
}
