/**
 * Talk time per speaker as accessible CSS bars: share and minutes, in a labelled list. Each bar has its speaker's
 * colour (the waveform's and the who-spoke-when lane's), which follows the analysis' speaker order, not the sort.
 */
import { useState } from 'react';
import { type SpeakerShare } from './review-model.js';
import { formatSpan } from '../../lib/format.js';
import { SpeakerActions, SpeakerNameEditor, type SpeakerEdits } from './SpeakerActions.js';
import { percentages } from './share-percent.js';
import { speakerColours } from './speaker-timeline.js';

interface TalkTimeChartProps {
  speakers: readonly SpeakerShare[];
  colours?: ReadonlyMap<string, string>;
  /** Rename and merge (absent: read only). */
  edits?: SpeakerEdits;
}

export function TalkTimeChart({ speakers, colours, edits }: TalkTimeChartProps) {
  const [editing, setEditing] = useState<string | null>(null);
  if (speakers.length === 0) {
    return <p className="muted small">No per-speaker data (needs per-participant audio or a labelled transcript).</p>;
  }
  const byOrder = speakerColours(speakers.map((s) => s.name));
  const colourOf = (name: string) => colours?.get(name) ?? byOrder.get(name);
  const sorted = [...speakers].sort((a, b) => b.talk_time_s - a.talk_time_s);
  const percent = percentages(sorted.map((s) => s.share));
  return (
    <ul className={`talk-chart${edits ? ' editable' : ''}`} aria-label="Talk time per speaker" data-testid="talk-time">
      {sorted.map((s, i) => (
        <li key={s.name} className="talk-row" data-speaker={s.name}>
          <span className="talk-name" title={s.name}>
            <span className="speaker-swatch" style={{ background: colourOf(s.name) }} aria-hidden="true" />{' '}
            {edits ? (
              <SpeakerNameEditor
                key={`${s.name}:${editing === s.name}`}
                name={s.name}
                editing={editing === s.name}
                edits={edits}
                onDone={() => setEditing(null)}
              />
            ) : (
              s.name
            )}
          </span>
          <span
            className="talk-bar"
            role="meter"
            aria-label={`${s.name} talk share`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent[i]}
            aria-valuetext={`${percent[i]}%, ${formatSpan(s.talk_time_s)}`}
          >
            <span
              className="talk-fill"
              data-colour={colourOf(s.name)}
              style={{ width: `${Math.max(1, s.share * 100)}%`, background: colourOf(s.name) }}
            />
          </span>
          <span className="talk-figures">
            {percent[i]}% · {formatSpan(s.talk_time_s)}
          </span>
          {edits ? (
            <SpeakerActions
              name={s.name}
              others={speakers.map((o) => o.name).filter((o) => o !== s.name)}
              edits={edits}
              onRename={() => setEditing(s.name)}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}
