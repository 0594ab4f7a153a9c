/** A bar per import in flight (uploads, copies, URL downloads), bottom left above the status bar. */
import { useImports } from '../../app/services.js';
import { formatBytes } from '../../lib/format.js';
import { importPercent } from '../../stores/imports-store.js';

export function ImportProgressList() {
  const items = useImports((s) => s.items);
  const remove = useImports((s) => s.remove);
  if (items.length === 0) return null;
  return (
    <section className="import-progress" aria-label="Imports in progress" data-testid="import-progress">
      <ul>
        {items.map((item) => {
          const percent = importPercent(item);
          return (
            <li key={item.id} className={`import-item import-${item.state}`} data-testid="import-item">
              <span className="import-label" title={item.label}>
                {item.state === 'done' ? '✓ ' : item.state === 'failed' ? '✕ ' : ''}
                {item.label}
              </span>
              <progress
                max={100}
                value={item.state === 'done' ? 100 : (percent ?? undefined)}
                aria-label={`Import of ${item.label}`}
              />
              <span className="muted small import-bytes">
                {item.state === 'failed'
                  ? (item.detail ?? 'Failed')
                  : item.state === 'done'
                    ? 'Imported'
                    : item.bytesTotal
                      ? `${formatBytes(item.bytesDone)} of ${formatBytes(item.bytesTotal)}`
                      : formatBytes(item.bytesDone)}
              </span>
              {item.state === 'done' || item.state === 'failed' ? (
                <button
                  type="button"
                  className="icon-button import-dismiss"
                  aria-label={`Dismiss ${item.label}`}
                  onClick={() => remove(item.id)}
                >
                  ×
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
