/** The grouping of chosen or dropped files before they are uploaded: one session per recording, with its files. */
import { formatBytes, plural } from '../../lib/format.js';
import type { UploadPlan } from './upload-groups.js';

const ROLE_WORDS = { transcript: 'transcript', chat: 'chat' } as const;

export function UploadPlanView({ plan }: { plan: UploadPlan<File> }) {
  const count = plan.groups.length;
  return (
    <div className="import-preview" data-testid="upload-plan">
      {count === 0 ? (
        <p className="error-text" data-testid="upload-plan-nothing">
          None of these files is a recording: nothing to import. Choose a video or audio file (with its transcript if
          you have one).
        </p>
      ) : (
        <p className="muted small">
          {count === 1 ? 'One session will be imported:' : `${plural(count, 'session')} will be imported:`}
        </p>
      )}
      <ul className="meeting-list">
        {plan.groups.map((g) => (
          <li key={g.recording.name} className="meeting" data-testid="upload-group">
            <div className="meeting-head">
              <strong className="meeting-title" title={g.recording.name}>
                {g.title}
              </strong>
              <span className="muted small">{formatBytes(g.recording.size)}</span>
            </div>
            <p className="muted small meeting-files" data-testid="upload-group-files">
              {g.extras.length > 0
                ? `With its ${g.extras.map((x) => `${ROLE_WORDS[x.role]} ${x.file.name}`).join(' and ')}`
                : 'No transcript chosen with it'}
            </p>
          </li>
        ))}
      </ul>
      {plan.strays.length > 0 ? (
        <>
          <p className="small">Will not be imported:</p>
          <ul className="refused-list small" data-testid="upload-strays">
            {plan.strays.map((s) => (
              <li key={s.file.name}>
                <code>{s.file.name}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
