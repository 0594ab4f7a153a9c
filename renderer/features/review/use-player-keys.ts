/** Review shortcuts: Space plays/pauses, ←/→ seek 5 s (Shift: 1 s), unless typing or on a control that owns the key. */
import { useEffect } from 'react';

const SEEK_STEP_S = 5;
const FINE_STEP_S = 1;

/** Whether a key press belongs to the element it happened on rather than to the player. */
export function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('dialog')) return true;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'VIDEO') return true;
  // Space presses a focused button or link; arrows are free there.
  return key === ' ' && (tag === 'BUTTON' || tag === 'A');
}

export function usePlayerKeys(video: HTMLVideoElement | null): void {
  useEffect(() => {
    if (!video) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (ownsKey(event.target, event.key)) return;
      const step = event.shiftKey ? FINE_STEP_S : SEEK_STEP_S;
      if (event.key === ' ') {
        if (video.paused) void video.play().catch(() => undefined);
        else video.pause();
      } else if (event.key === 'ArrowLeft') video.currentTime = Math.max(0, video.currentTime - step);
      else if (event.key === 'ArrowRight')
        video.currentTime = Math.min(video.duration || Infinity, video.currentTime + step);
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [video]);
}
