/**
 * Poster frames for the grid's visible cards: one `sessions.posters` call for the ids not yet known (up to 200 per
 * call), answers kept per session until their signature is about to expire. A session whose analysis finishes later
 * gets its poster on the next change of the visible set (its row update re-renders the card; see `analysisKey`).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useServices } from '../../app/services.js';
import { absoluteMediaUrl } from '../review/review-model.js';

interface Known {
  url: string | null;
  /** When to ask again: before the signature expires, or when the analysis state changed. */
  until: number;
  analysisKey: string;
}

/** Renew links a minute before the server's expiry, so an image never loads with an expired signature. */
const RENEW_EARLY_MS = 60_000;
const BATCH = 200;

export function usePosters(
  visible: readonly { id: string; analysis_status: string }[],
): ReadonlyMap<string, string | null> {
  const { transport } = useServices();
  const known = useRef(new Map<string, Known>());
  const [version, setVersion] = useState(0);
  const wanted = visible.map((s) => `${s.id}:${s.analysis_status}`).join(',');

  useEffect(() => {
    const now = Date.now();
    const stale = visible.filter((s) => {
      const k = known.current.get(s.id);
      return !k || k.until < now || k.analysisKey !== s.analysis_status;
    });
    if (stale.length === 0) return;
    let cancelled = false;
    // A short pause: fast scrolling passes many windows, and only where it stops is worth asking about.
    const timer = setTimeout(() => {
      for (let i = 0; i < stale.length; i += BATCH) {
        const batch = stale.slice(i, i + BATCH);
        transport.client.analysis
          .posters({ ids: batch.map((s) => s.id) })
          .then(({ items, expires_in }) => {
            if (cancelled) return;
            const until = Date.now() + expires_in * 1000 - RENEW_EARLY_MS;
            const status = new Map(batch.map((s) => [s.id, s.analysis_status]));
            for (const item of items) {
              const url = item.poster_url ? absoluteMediaUrl(item.poster_url, transport.mediaBase) : null;
              known.current.set(item.id, { url, until, analysisKey: status.get(item.id) ?? '' });
            }
            setVersion((v) => v + 1);
          })
          .catch(() => undefined); // a card without its poster shows the placeholder; the next scroll asks again
      }
    }, 80);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // `wanted` stands for `visible` (a new array each render).
  }, [wanted, transport]);

  return useMemo(() => new Map([...known.current].map(([id, k]) => [id, k.url])), [version]);
}
