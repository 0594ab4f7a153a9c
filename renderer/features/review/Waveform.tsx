/**
 * wavesurfer.js 8 drawing the analysis' precomputed peaks (no decoding) over the review's <video>: it follows the
 * video's time, and a click or drag on the waveform seeks the video.
 */
import { useEffect, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import { peaksForWaveSurfer } from './review-model.js';

interface WaveformProps {
  media: HTMLVideoElement | null;
  waveform: { seconds_per_peak: number; peaks: number[] } | null;
  duration: number | null;
}

export function Waveform({ media, waveform, duration }: WaveformProps) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!media || !waveform || !container.current || waveform.peaks.length < 2) return;
    const total = duration ?? (waveform.peaks.length / 2) * waveform.seconds_per_peak;
    const styles = getComputedStyle(container.current);
    const ws = WaveSurfer.create({
      container: container.current,
      media,
      peaks: [peaksForWaveSurfer(waveform.peaks)],
      duration: total,
      height: 72,
      waveColor: styles.getPropertyValue('--wave').trim() || '#9db5e8',
      progressColor: styles.getPropertyValue('--accent').trim() || '#2f6fed',
      cursorColor: styles.getPropertyValue('--text').trim() || '#1c2430',
      cursorWidth: 2,
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      normalize: true,
      dragToSeek: true,
    });
    return () => ws.destroy();
  }, [media, waveform, duration]);

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
      role="img"
      aria-label="Audio waveform of the recording; click to seek"
    />
  );
}
