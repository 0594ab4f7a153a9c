/**
 * The row under the toolbar: the active filters as removable chips, "Clear all", how the sessions are shown
 * (`children`: sort and view), and the export of exactly what the filters show.
 */
import { useState, type ReactNode } from 'react';
import { useLibrary, useServices } from '../../app/services.js';
import { errorMessage } from '../../lib/error-message.js';
import { toast } from '../../stores/toast-store.js';
import { exportCsv } from './export-csv.js';
import { filterChips } from './filter-labels.js';
import { DEFAULT_FILTERS } from './list-query.js';

export function FilterChips({ children }: { children?: ReactNode }) {
  const filters = useLibrary((s) => s.filters);
  const setFilters = useLibrary((s) => s.setFilters);
  const { transport } = useServices();
  const [exporting, setExporting] = useState(false);
  const chips = filterChips(filters);
  return (
    <div className="filter-chips" data-testid="filter-chips">
      {chips.length > 0 ? (
        <ul className="chip-list" aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.key} className="chip" data-testid="filter-chip">
              <span>{chip.label}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove filter ${chip.label}`}
                onClick={() => setFilters(chip.clear)}
              >
                ×
              </button>
            </li>
          ))}
          {chips.length > 1 ? (
            <li>
              <button
                type="button"
                className="link-button"
                onClick={() => setFilters({ ...DEFAULT_FILTERS, hideFailed: filters.hideFailed, sort: filters.sort })}
              >
                Clear all
              </button>
            </li>
          ) : null}
        </ul>
      ) : (
        <span className="muted small">All sessions</span>
      )}
      <span className="toolbar-spacer" />
      {children}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setExporting(true);
          exportCsv(transport.client, filters)
            .catch((error: unknown) => toast.error(`Could not export: ${errorMessage(error)}`))
            .finally(() => setExporting(false));
        }}
        disabled={exporting}
        title="Every session matching the current search and filters"
        data-testid="export-csv"
      >
        {exporting ? 'Exporting…' : 'Export CSV'}
      </button>
    </div>
  );
}
