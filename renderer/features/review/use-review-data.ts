/**
 * Everything the review view shows for one session, loaded once and kept live: the session, the signed media URL,
 * transcript, markers and the analysis (refetched when its job moves on; progress straight from `job.progress`;
 * markers again when the session changes — another device's notes).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisResult, Marker, Session } from '../../../shared/contract/index.js';
import { useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { absoluteMediaUrl } from './review-model.js';

export interface TranscriptSegment {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
}

export interface ReviewData {
  session: Session | null;
  media: { url: string; artifactsUrl: string } | null;
  segments: TranscriptSegment[];
  markers: Marker[];
  analysis: AnalysisResult | null;
  /** Why the session could not be loaded (unknown id, no access, server gone). */
  error: string | null;
}

const EMPTY: ReviewData = { session: null, media: null, segments: [], markers: [], analysis: null, error: null };
const TERMINAL = new Set(['done', 'completed', 'failed', 'cancelled']);
/** While a job runs without data yet, look for stage-1 results at most this often. */
const STAGE1_POLL_MS = 4000;

export function useReviewData(id: string) {
  const { transport, events } = useServices();
  const client = transport.client;
  const [data, setData] = useState<ReviewData>(EMPTY);
  const lastPoll = useRef(0);
  // The analysis status shown, read by the event handler without re-subscribing on every change.
  const statusRef = useRef<string | null>(null);
  statusRef.current = data.analysis?.status ?? null;

  // Answers to analysis requests can cross (a refresh sent before a cancel answering after it): only the latest
  // request's answer is shown.
  const analysisGeneration = useRef(0);
  const setAnalysis = useCallback((analysis: AnalysisResult) => {
    analysisGeneration.current += 1;
    setData((d) => ({ ...d, analysis }));
  }, []);
  // Markers and notes another device added or removed arrive as a `session.changed` of the session (with no marker
  // in it): read them again, the latest answer only.
  const markersGeneration = useRef(0);
  const refreshMarkers = useCallback(async () => {
    const mine = ++markersGeneration.current;
    try {
      const { items } = await client.review.markers({ id });
      if (mine === markersGeneration.current) setData((d) => ({ ...d, markers: items }));
    } catch {
      // Keeps what is shown; the next change retries.
    }
  }, [client, id]);
  /** A note added or deleted here: shown at once, and a read already on its way (older) is not shown over it. */
  const setMarkers = useCallback((markers: Marker[]) => {
    markersGeneration.current += 1;
    setData((d) => ({ ...d, markers }));
  }, []);
  const refreshAnalysis = useCallback(async () => {
    const mine = ++analysisGeneration.current;
    try {
      const analysis = await client.analysis.result({ id });
      if (mine === analysisGeneration.current) setData((d) => ({ ...d, analysis }));
    } catch {
      // Keeps what is shown; the next event retries.
    }
  }, [client, id]);

  useEffect(() => {
    let live = true;
    setData(EMPTY);
    void (async () => {
      try {
        const [session, media, transcript, markers, analysis] = await Promise.all([
          client.sessions.get({ id }),
          client.analysis.mediaUrl({ id }).catch(() => null),
          client.review.transcript({ id }).catch(() => ({ segments: [] })),
          client.review.markers({ id }).catch(() => ({ items: [] })),
          client.analysis.result({ id }).catch(() => null),
        ]);
        if (!live) return;
        setData({
          session,
          media: media
            ? {
                url: absoluteMediaUrl(media.url, transport.mediaBase),
                artifactsUrl: absoluteMediaUrl(media.artifacts_url, transport.mediaBase),
              }
            : null,
          segments: [...transcript.segments].sort((a, b) => a.start - b.start),
          markers: markers.items,
          analysis,
          error: null,
        });
      } catch (error) {
        if (live) setData({ ...EMPTY, error: errorMessage(error) });
      }
    })();
    return () => {
      live = false;
    };
  }, [client, id, transport.mediaBase]);

  useEffect(
    () =>
      events.subscribe((event) => {
        if (event.type === 'job.progress' && event.session_id === id) {
          setData((d) =>
            d.analysis
              ? {
                  ...d,
                  analysis: {
                    ...d.analysis,
                    status:
                      event.state === 'running'
                        ? 'processing'
                        : event.state === 'queued'
                          ? 'queued'
                          : d.analysis.status,
                    progress: event.progress,
                    message: event.message,
                  },
                }
              : d,
          );
          const now = Date.now();
          if (TERMINAL.has(event.state) || now - lastPoll.current > STAGE1_POLL_MS) {
            lastPoll.current = now;
            void refreshAnalysis();
          }
        } else if (event.type === 'session.changed' && event.session.id === id) {
          if (statusRef.current !== null && statusRef.current !== event.session.analysis_status) void refreshAnalysis();
          void refreshMarkers();
          setData((d) => ({ ...d, session: event.session }));
        } else if (event.type === 'session.deleted' && event.id === id) {
          setData((d) => ({ ...d, error: 'This session was deleted.' }));
        }
      }),
    [events, id, refreshAnalysis, refreshMarkers],
  );

  return { data, refreshAnalysis, setAnalysis, setData, setMarkers };
}
