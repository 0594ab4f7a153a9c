/** A small coloured label; the tone carries meaning by colour *and* text, never colour alone. */
export type Tone = 'neutral' | 'info' | 'progress' | 'success' | 'warning' | 'danger';

interface StatusBadgeProps {
  tone: Tone;
  label: string;
  /** Longer explanation (e.g. why a session failed), shown on hover and to screen readers. */
  detail?: string | null;
  /** 0–100: draws a thin progress bar under the label. */
  progress?: number;
  testId?: string;
}

export function StatusBadge({ tone, label, detail, progress, testId }: StatusBadgeProps) {
  return (
    <span className={`badge badge-${tone}`} title={detail ?? undefined} data-testid={testId}>
      {label}
      {detail ? <span className="visually-hidden">: {detail}</span> : null}
      {progress !== undefined ? (
        <span
          className="badge-progress"
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(progress)}
        >
          <span style={{ width: `${Math.max(0, Math.min(100, progress))}%` }} />
        </span>
      ) : null}
    </span>
  );
}
