/**
 * One session under review: header, the video (signed media URL, seeking through HTTP Range), waveform, chapter
 * marks and notes on the left; analysis and transcript on the right. Each speaker has one colour throughout. The playhead time drives the transcript
 * highlight and the time of new notes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AnalysisPanel } from './AnalysisPanel.js';
import { ChapterMarks } from './ChapterMarks.js';
import { ExportButtons } from './ExportButtons.js';
import { MarkersPanel } from './MarkersPanel.js';
import { PlaybackSpeed } from './PlaybackSpeed.js';
import { chapterMarks, currentSegmentIndex, formatClock, readAnalysis } from './review-model.js';
import { ReviewHeader } from './ReviewHeader.js';
import { noticeFor, SessionNotice } from './SessionNotice.js';
import { SpeakerLane } from './SpeakerLane.js';
import { speakerTracks } from './speaker-timeline.js';
import { backToLibrary } from './route.js';
import { TranscriptPanel } from './TranscriptPanel.js';
import { useEscapeToLibrary } from './use-escape-to-library.js';
import { usePlayerKeys } from './use-player-keys.js';
import { useReviewData } from './use-review-data.js';
import { Waveform } from './Waveform.js';

const MAX_CUT_MARKS = 30;

export function ReviewView({ id }: { id: string }) {
  const { data, setData, setAnalysis, refreshAnalysis, setMarkers } = useReviewData(id);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [time, setTime] = useState(0);
  usePlayerKeys(video);
  useEscapeToLibrary();

  useEffect(() => {
    if (!video) return;
    const update = () => setTime(video.currentTime);
    video.addEventListener('timeupdate', update);
    video.addEventListener('seeked', update);
    return () => {
      video.removeEventListener('timeupdate', update);
      video.removeEventListener('seeked', update);
    };
  }, [video]);

  const seek = useCallback(
    (t: number) => {
      if (!video) return;
      video.currentTime = Math.max(0, t);
      setTime(video.currentTime);
    },
    [video],
  );

  const analysis = useMemo(() => readAnalysis(data.analysis?.data ?? null), [data.analysis?.data]);
  // One colour per speaker, shared by the waveform, the who-spoke-when lane and the talk-time bars.
  const tracks = useMemo(() => speakerTracks(analysis, data.segments), [analysis, data.segments]);
  const colours = useMemo(() => new Map(tracks.map((t) => [t.name, t.colour])), [tracks]);
  const artifactsUrl = data.media?.artifactsUrl ?? null;
  const marks = useMemo(
    () =>
      analysis
        ? chapterMarks(
            analysis.thumbnails?.frames ?? [],
            // Scene cuts join the frames while few enough to read as chapters.
            analysis.cuts.length <= MAX_CUT_MARKS ? analysis.cuts : [],
            artifactsUrl,
          )
        : [],
    [analysis, artifactsUrl],
  );
  const poster =
    analysis?.thumbnails?.poster && artifactsUrl
      ? artifactsUrl.replace('{name}', encodeURIComponent(analysis.thumbnails.poster))
      : undefined;
  const current = currentSegmentIndex(data.segments, time);
  const notice = noticeFor(data.session, data.media !== null);

  if (data.error) {
    return (
      <main className="review" data-testid="review-view">
        <ReviewHeader session={null} onBack={backToLibrary} />
        <div className="error-bar" role="alert">
          {data.error}
        </div>
      </main>
    );
  }

  return (
    <main className="review" data-testid="review-view" aria-busy={data.session === null}>
      <ReviewHeader
        session={data.session}
        onBack={backToLibrary}
        onEdited={(session) => setData((d) => ({ ...d, session }))}
      />
      <div className="review-grid">
        <div className="review-main">
          <div className="player">
            {notice && data.session ? (
              <SessionNotice kind={notice} session={data.session} />
            ) : data.media ? (
              <video
                ref={setVideo}
                src={data.media.url}
                poster={poster}
                controls
                preload="metadata"
                data-testid="review-video"
                aria-label={`Recording of ${data.session?.title ?? 'the session'}`}
              />
            ) : (
              <div className="player-empty muted">{data.session ? 'No playable recording.' : 'Loading…'}</div>
            )}
          </div>
          <div className="player-tools">
            <p className="playhead muted small" aria-live="off" data-testid="playhead">
              {formatClock(time)} · Space plays or pauses, ← → seek 5 s
            </p>
            <PlaybackSpeed video={video} />
          </div>
          {/* With a speaker lane the waveform sits in the lane's grid: one x-scale, one left edge for both. */}
          <div className={tracks.length > 0 ? 'timeline-row' : undefined}>
            {tracks.length > 0 ? (
              <span className="timeline-label" aria-hidden="true">
                Audio
              </span>
            ) : null}
            <Waveform
              media={video}
              waveform={analysis?.waveform ?? null}
              duration={analysis?.duration ?? null}
              tracks={tracks}
            />
          </div>
          <SpeakerLane tracks={tracks} duration={analysis?.duration ?? null} time={time} onSeek={seek} />
          <ChapterMarks marks={marks} onSeek={seek} />
          {data.session ? (
            <ExportButtons session={data.session} markers={data.markers} segments={data.segments} />
          ) : null}
          <MarkersPanel sessionId={id} markers={data.markers} time={time} onSeek={seek} onChange={setMarkers} />
        </div>
        <aside className="review-side" aria-label="Analysis and transcript">
          <AnalysisPanel
            sessionId={id}
            playable={notice === null}
            result={data.analysis}
            analysis={analysis}
            speakerColours={colours}
            onResult={setAnalysis}
            refresh={refreshAnalysis}
          />
          <TranscriptPanel segments={data.segments} current={current} onSeek={seek} />
        </aside>
      </div>
    </main>
  );
}
