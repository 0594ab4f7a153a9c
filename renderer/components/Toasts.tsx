/** Messages from useToasts: errors are announced assertively (role=alert), notices politely. */
import { useToasts } from '../stores/toast-store.js';

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === 'error' ? 'alert' : 'status'}
          data-testid={`toast-${t.kind}`}
        >
          <span className="toast-text">{t.text}</span>
          {t.action ? (
            <button
              type="button"
              className="button small toast-action"
              onClick={() => {
                dismiss(t.id);
                t.action?.run();
              }}
              data-testid="toast-action"
            >
              {t.action.label}
            </button>
          ) : null}
          <button type="button" className="icon-button" aria-label="Dismiss message" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
