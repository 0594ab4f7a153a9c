/** Playback speed, 0.5× to 2×: coaches skim long sessions fast and replay a hard moment slowly. */
import { useEffect, useState } from 'react';

export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

export function PlaybackSpeed({ video }: { video: HTMLVideoElement | null }) {
  const [rate, setRate] = useState(1);
  // A new video element (another session) starts at normal speed; keep the control in step with it.
  useEffect(() => {
    if (!video) return;
    const sync = () => setRate(video.playbackRate);
    sync();
    video.addEventListener('ratechange', sync);
    return () => video.removeEventListener('ratechange', sync);
  }, [video]);

  return (
    <label className="muted small">
      Speed{' '}
      <select
        value={String(rate)}
        disabled={!video}
        data-testid="playback-speed"
        onChange={(e) => {
          if (video) video.playbackRate = Number(e.target.value);
        }}
      >
        {PLAYBACK_RATES.map((r) => (
          <option key={r} value={String(r)}>
            {r}×
          </option>
        ))}
      </select>
    </label>
  );
}
