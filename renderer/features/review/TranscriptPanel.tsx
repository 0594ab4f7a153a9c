/** The transcript, following playback: the current line is highlighted and kept in view; a click seeks to it. */
import { memo, useEffect, useRef } from 'react';
import { formatClock } from './review-model.js';
import type { TranscriptSegment } from './use-review-data.js';

interface TranscriptPanelProps {
  segments: readonly TranscriptSegment[];
  current: number;
  onSeek(t: number): void;
}

export function TranscriptPanel({ segments, current, onSeek }: TranscriptPanelProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const follow = useRef(true);

  useEffect(() => {
    if (current < 0 || !follow.current) return;
    const item = listRef.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    item?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [current]);

  return (
    <section className="panel transcript-panel" aria-labelledby="transcript-heading">
      <h3 id="transcript-heading" className="panel-title">
        Transcript
      </h3>
      {segments.length === 0 ? (
        <p className="muted small">No transcript for this session.</p>
      ) : (
        <ol
          ref={listRef}
          className="transcript-list"
          data-testid="transcript"
          // Reading back while playing: stop following until the pointer leaves the list.
          onPointerEnter={() => (follow.current = false)}
          onPointerLeave={() => (follow.current = true)}
        >
          {segments.map((segment, index) => (
            <Line key={index} index={index} segment={segment} active={index === current} onSeek={onSeek} />
          ))}
        </ol>
      )}
    </section>
  );
}

const Line = memo(function Line({
  index,
  segment,
  active,
  onSeek,
}: {
  index: number;
  segment: TranscriptSegment;
  active: boolean;
  onSeek(t: number): void;
}) {
  return (
    <li data-index={index} className={active ? 'transcript-line is-current' : 'transcript-line'}>
      <button
        type="button"
        className="transcript-button"
        onClick={() => onSeek(segment.start)}
        aria-current={active ? 'true' : undefined}
        data-testid="transcript-line"
      >
        <span className="transcript-time">{formatClock(segment.start)}</span>
        {segment.speaker ? <span className="transcript-speaker">{segment.speaker}</span> : null}
        <span className="transcript-text">{segment.text}</span>
      </button>
    </li>
  );
});
