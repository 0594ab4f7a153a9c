/** Talk time per speaker as accessible CSS bars: share and minutes, in a labelled list. */
import { formatMinutes, type SpeakerShare } from './review-model.js';
import { percentages } from './share-percent.js';

export function TalkTimeChart({ speakers }: { speakers: readonly SpeakerShare[] }) {
  if (speakers.length === 0) {
    return <p className="muted small">No per-speaker data (needs per-participant audio or a labelled transcript).</p>;
  }
  const sorted = [...speakers].sort((a, b) => b.talk_time_s - a.talk_time_s);
  const percent = percentages(sorted.map((s) => s.share));
  return (
    <ul className="talk-chart" aria-label="Talk time per speaker" data-testid="talk-time">
      {sorted.map((s, i) => (
        <li key={s.name} className="talk-row">
          <span className="talk-name" title={s.name}>
            {s.name}
          </span>
          <span
            className="talk-bar"
            role="meter"
            aria-label={`${s.name} talk share`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent[i]}
            aria-valuetext={`${percent[i]}%, ${formatMinutes(s.talk_time_s)}`}
          >
            <span className={`talk-fill talk-fill-${i % 4}`} style={{ width: `${Math.max(1, s.share * 100)}%` }} />
          </span>
          <span className="talk-figures">
            {percent[i]}% · {formatMinutes(s.talk_time_s)}
          </span>
        </li>
      ))}
    </ul>
  );
}
