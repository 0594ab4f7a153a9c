/**
 * wavesurfer.js 8 drawing the analysis' precomputed peaks (no decoding) over the review's <video>: it follows the
 * video's time, and a click or drag on the waveform seeks the video. With speaker tracks each bar takes the colour
 * of whoever speaks at its time (the lane's and the talk-time bars' colours); the played part is shaded darker.
 */
import { useEffect, useMemo, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import { peaksForWaveSurfer } from './review-model.js';
import { indexSpeakers, speakerAt, type SpeakerTrack } from './speaker-timeline.js';
import { planBars, type BarPlan } from './waveform-bars.js';

interface WaveformProps {
  media: HTMLVideoElement | null;
  waveform: { seconds_per_peak: number; peaks: number[] } | null;
  duration: number | null;
  tracks?: readonly SpeakerTrack[];
}

const BAR_WIDTH = 2;
const BAR_GAP = 1;

export function Waveform({ media, waveform, duration, tracks = [] }: WaveformProps) {
  const container = useRef<HTMLDivElement>(null);
  const index = useMemo(() => (tracks.length > 0 ? indexSpeakers(tracks) : null), [tracks]);

  useEffect(() => {
    if (!media || !waveform || !container.current || waveform.peaks.length < 2) return;
    const total = duration ?? (waveform.peaks.length / 2) * waveform.seconds_per_peak;
    const styles = getComputedStyle(container.current);
    const neutral = styles.getPropertyValue('--wave').trim() || '#9db5e8';
    const peaks = peaksForWaveSurfer(waveform.peaks);
    const maxPeak = peaks.reduce((m, p) => Math.max(m, Math.abs(p)), 0);
    let ws: WaveSurfer | null = null;
    const speakerColour = index
      ? (t: number) => {
          const i = speakerAt(index, t);
          return i >= 0 ? (tracks[i]?.colour ?? neutral) : neutral;
        }
      : null;
    ws = WaveSurfer.create({
      container: container.current,
      media,
      peaks: [peaks],
      duration: total,
      height: 72,
      waveColor: neutral,
      // Over speaker colours the played part is shaded, not repainted one colour: speakers stay told apart.
      progressColor: speakerColour ? 'rgba(0, 0, 0, 0.3)' : styles.getPropertyValue('--accent').trim() || '#2f6fed',
      cursorColor: styles.getPropertyValue('--text').trim() || '#1c2430',
      cursorWidth: 2,
      barWidth: BAR_WIDTH,
      barGap: BAR_GAP,
      barRadius: 1,
      normalize: true,
      dragToSeek: true,
      ...(speakerColour
        ? {
            renderFunction: (channels: (Float32Array | number[])[], ctx: CanvasRenderingContext2D) => {
              const canvas = ctx.canvas;
              const pixelRatio = Math.max(1, window.devicePixelRatio || 1);
              const totalCss = ws?.getWrapper().scrollWidth || canvas.width / pixelRatio;
              const bars = planBars(
                channels[0] ?? [],
                canvas,
                { barWidth: BAR_WIDTH, gap: BAR_GAP, pixelRatio, maxPeak },
                { offsetCss: parseFloat(canvas.style.left) || 0, totalCss, duration: total },
              );
              drawBars(ctx, bars, speakerColour);
            },
          }
        : {}),
    });
    return () => ws?.destroy();
  }, [media, waveform, duration, index, tracks]);

  if (!waveform) {
    return (
      <div className="waveform waveform-empty muted small" data-testid="waveform-empty">
        The waveform appears once the audio is analyzed.
      </div>
    );
  }
  return (
    <div
      ref={container}
      className="waveform"
      data-testid="waveform"
      data-speaker-colours={tracks.length > 0 ? 'on' : 'off'}
      role="img"
      aria-label={
        tracks.length > 0
          ? 'Audio waveform of the recording, coloured by who speaks; click to seek'
          : 'Audio waveform of the recording; click to seek'
      }
    />
  );
}

/** Fills the planned bars, one path per colour: a 2-hour waveform is a handful of fills, not thousands. */
function drawBars(ctx: CanvasRenderingContext2D, bars: readonly BarPlan[], colourAt: (t: number) => string) {
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
