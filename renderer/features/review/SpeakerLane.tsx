/**
 * "Who spoke when": one row per speaker under the waveform, their turns drawn on one canvas (merged to the pixel,
 * so a 2-hour session is a few hundred rectangles, not thousands of DOM nodes). Hover names the speaker and the
 * time range, a click seeks the player there, and with the lane focused ← → jump to the previous or next turn.
 * A visually hidden table gives the same facts as text.
 */
import { useCallback, useEffect, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatClock } from './review-model.js';
import { formatSpan } from '../../lib/format.js';
import { percentages } from './share-percent.js';
import { adjacentTurn, pixelRuns, spanNear, type Span, type SpeakerTrack } from './speaker-timeline.js';

interface SpeakerLaneProps {
  tracks: readonly SpeakerTrack[];
  duration: number | null;
  time: number;
  onSeek(t: number): void;
}

const ROW_PX = 16;
const BAR_PX = 10;
/** Pointer distance (CSS px) within which a thin turn still counts as under the pointer. */
const HIT_PX = 4;

interface Hover {
  track: number;
  span: Span;
  x: number;
  y: number;
}

const rangeText = (span: Span) => `${formatClock(span[0])}–${formatClock(span[1])}`;

export function SpeakerLane({ tracks, duration, time, onSeek }: SpeakerLaneProps) {
  // A state, not a ref: the canvas appears only once there are tracks, and the effects must see it arrive.
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<Hover | null>(null);
  const [announce, setAnnounce] = useState('');
  const length = useMemo(
    () => duration ?? tracks.reduce((m, t) => Math.max(m, t.segments[t.segments.length - 1]?.[1] ?? 0), 0),
    [duration, tracks],
  );

  useEffect(() => {
    const el = canvas;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, [canvas]);

  useEffect(() => {
    const el = canvas;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || width === 0) return;
    const dpr = Math.max(1, window.devicePixelRatio || 1);
    el.width = Math.round(width * dpr);
    el.height = Math.round(tracks.length * ROW_PX * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, tracks.length * ROW_PX);
    tracks.forEach((track, row) => {
      const y = row * ROW_PX + (ROW_PX - BAR_PX) / 2;
      ctx.fillStyle = 'rgba(127, 127, 127, 0.12)';
      ctx.fillRect(0, y, width, BAR_PX);
      ctx.fillStyle = track.colour;
      for (const [x, w] of pixelRuns(track.segments, length, width, 1 / dpr, 1)) ctx.fillRect(x, y, w, BAR_PX);
    });
  }, [canvas, tracks, width, length]);

  const hitAt = useCallback(
    (clientX: number, clientY: number): (Hover & { t: number }) | null => {
      const el = canvas;
      if (!el || width === 0 || !(length > 0)) return null;
      const box = el.getBoundingClientRect();
      const x = clientX - box.left;
      const y = clientY - box.top;
      const t = Math.max(0, Math.min(length, (x / width) * length));
      const row = Math.floor(y / ROW_PX);
      const track = tracks[row];
      const span = track ? spanNear(track.segments, t, (HIT_PX / width) * length) : null;
      return span ? { track: row, span, x, y, t } : { track: -1, span: [t, t], x, y, t };
    },
    [canvas, tracks, width, length],
  );

  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const hit = hitAt(e.clientX, e.clientY);
    setHover(hit && hit.track >= 0 ? hit : null);
  };
  const onClick = (e: PointerEvent<HTMLCanvasElement>) => {
    const hit = hitAt(e.clientX, e.clientY);
    if (hit) onSeek(hit.track >= 0 ? hit.span[0] : hit.t);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault(); // the player's own ← → (seek 5 s) stay for when the lane is not focused
    const next = adjacentTurn(tracks, time, e.key === 'ArrowRight' ? 1 : -1);
    if (!next) {
      setAnnounce(e.key === 'ArrowRight' ? 'No later turn.' : 'No earlier turn.');
      return;
    }
    onSeek(next.span[0]);
    setAnnounce(`${tracks[next.track]?.name ?? ''}, ${rangeText(next.span)}`);
  };

  if (tracks.length === 0) return null;
  const percent = percentages(tracks.map((t) => t.share));
  const tip = hover ? tracks[hover.track] : null;
  const summaryId = 'speaker-lane-summary';
  return (
    <section className="speaker-lane" aria-labelledby="speaker-lane-title" data-testid="speaker-lane">
      <div className="speaker-lane-head">
        <h3 id="speaker-lane-title" className="speaker-lane-title">
          Who spoke when
        </h3>
        <ul className="speaker-legend" aria-hidden="true">
          {tracks.map((t, i) => (
            <li key={t.name} data-testid="speaker-legend-item" data-colour={t.colour}>
              <span className="speaker-swatch" style={{ background: t.colour }} />
              {t.name} <span className="muted">{percent[i]}%</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="speaker-lane-body">
        <ul className="speaker-lane-names" aria-hidden="true">
          {tracks.map((t) => (
            <li key={t.name} title={t.name} style={{ height: ROW_PX }}>
              {t.name}
            </li>
          ))}
        </ul>
        <div
          className="speaker-lane-track"
          tabIndex={0}
          role="group"
          aria-roledescription="timeline"
          aria-label="Who spoke when. Left and right arrows jump to the previous or next turn."
          aria-describedby={summaryId}
          onKeyDown={onKey}
          data-testid="speaker-lane-track"
        >
          <canvas
            ref={setCanvas}
            className="speaker-lane-canvas"
            style={{ height: tracks.length * ROW_PX, cursor: hover ? 'pointer' : 'default' }}
            onPointerMove={onMove}
            onPointerLeave={() => setHover(null)}
            onClick={onClick}
            data-testid="speaker-lane-canvas"
          />
          {length > 0 ? (
            <span
              className="speaker-lane-playhead"
              style={{ left: `${Math.min(100, (time / length) * 100)}%` }}
              aria-hidden="true"
            />
          ) : null}
          {hover && tip ? (
            <span
              className="speaker-lane-tip"
              role="tooltip"
              data-testid="speaker-lane-tip"
              style={{ left: Math.min(Math.max(0, hover.x), Math.max(0, width - 140)), top: hover.track * ROW_PX - 26 }}
            >
              <span className="speaker-swatch" style={{ background: tip.colour }} />
              {tip.name} · {rangeText(hover.span)}
            </span>
          ) : null}
        </div>
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="speaker-lane-announce">
        {announce}
      </p>
      <table id={summaryId} className="visually-hidden" data-testid="speaker-lane-table">
        <caption>Talk time per speaker</caption>
        <thead>
          <tr>
            <th scope="col">Speaker</th>
            <th scope="col">Talk time</th>
            <th scope="col">Share</th>
            <th scope="col">Turns</th>
            <th scope="col">First spoke</th>
            <th scope="col">Last spoke</th>
          </tr>
        </thead>
        <tbody>
          {tracks.map((t, i) => (
            <tr key={t.name}>
              <th scope="row">{t.name}</th>
              <td>{formatSpan(t.talk_time_s)}</td>
              <td>{percent[i]}%</td>
              <td>{t.turns}</td>
              <td>{t.segments[0] ? formatClock(t.segments[0][0]) : '–'}</td>
              <td>{t.segments.length ? formatClock(t.segments[t.segments.length - 1]![1]) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
