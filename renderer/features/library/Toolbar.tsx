/** Search, filters (applied at once), sort, view, and the one primary action: Import. */
import { useEffect, useState } from 'react';
import { SESSION_STATUSES, type SessionSort, type SessionStatus } from '../../../shared/contract/index.js';
import { useLibrary, useServices } from '../../app/services.js';
import { useDebouncedEffect } from '../../lib/use-debounced.js';
import { mark, SEARCH_APPLIED_MARK } from '../../lib/perf-marks.js';
import { STATUS_LABELS } from './filter-labels.js';
import { FiltersMenu } from './FiltersMenu.js';
import { SORT_OPTIONS } from './sort-options.js';
import type { GroupBy } from './grid-groups.js';
import type { ViewMode } from './view-mode.js';

const SEARCH_DEBOUNCE_MS = 250;

interface ToolbarProps {
  onImport(): void;
}

interface ViewControlsProps {
  view: ViewMode;
  onView(view: ViewMode): void;
  /** The grid's grouping (shown in grid view only). */
  groupBy: GroupBy;
  onGroupBy(by: GroupBy): void;
}

export function Toolbar({ onImport }: ToolbarProps) {
  const filters = useLibrary((s) => s.filters);
  const setFilters = useLibrary((s) => s.setFilters);
  const { library } = useServices();
  const [search, setSearch] = useState(filters.q);
  useDebouncedEffect(search, SEARCH_DEBOUNCE_MS, (q) => {
    if (q === library.getState().filters.q) return;
    mark(SEARCH_APPLIED_MARK, { q });
    setFilters({ q });
  });
  // The query can also change elsewhere ("Clear filters"): show it.
  useEffect(() => setSearch(filters.q), [filters.q]);
  const statusChosen = filters.status !== 'all';

  return (
    <div className="toolbar" role="toolbar" aria-label="Library filters and actions">
      <label className="search">
        <span className="visually-hidden">Search sessions</span>
        <input
          type="search"
          placeholder="Search sessions and transcripts"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            // Enter searches at once instead of waiting for the debounce.
            if (e.key !== 'Enter') return;
            mark(SEARCH_APPLIED_MARK, { q: search });
            setFilters({ q: search });
          }}
          data-testid="search"
          maxLength={200}
        />
      </label>
      <FiltersMenu />
      <label className="field">
        <span>Status</span>
        <select
          value={filters.status}
          onChange={(e) => setFilters({ status: e.target.value as SessionStatus | 'all' })}
          data-testid="status-filter"
        >
          <option value="all">All</option>
          {SESSION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox" title={statusChosen ? 'A chosen status shows exactly that status' : undefined}>
        <input
          type="checkbox"
          checked={filters.hideFailed}
          disabled={statusChosen}
          onChange={(e) => setFilters({ hideFailed: e.target.checked })}
          data-testid="hide-failed"
        />
        <span>Hide failed sessions</span>
      </label>
      <span className="toolbar-spacer" />
      <button type="button" className="button primary" onClick={onImport} data-testid="import-button">
        Import…
      </button>
    </div>
  );
}

/** Sort, table or grid, and the grid's grouping: how the sessions are shown (the row under the toolbar). */
export function ViewControls({ view, onView, groupBy, onGroupBy }: ViewControlsProps) {
  const sort = useLibrary((s) => s.filters.sort);
  const setFilters = useLibrary((s) => s.setFilters);
  return (
    <div className="view-controls">
      <label className="field">
        <span>Sort</span>
        <select value={sort} onChange={(e) => setFilters({ sort: e.target.value as SessionSort })} data-testid="sort">
          {SORT_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <div className="view-toggle" role="group" aria-label="View">
        {(['table', 'grid'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            className="view-toggle-button"
            aria-pressed={view === mode}
            onClick={() => onView(mode)}
            aria-label={mode === 'table' ? 'Table view' : 'Grid view'}
            title={mode === 'table' ? 'Table view' : 'Grid view with thumbnails'}
            data-testid={`view-${mode}`}
          >
            {mode === 'table' ? <TableIcon /> : <GridIcon />}
          </button>
        ))}
      </div>
      {view === 'grid' ? (
        <label className="field">
          <span>Group by</span>
          <select value={groupBy} onChange={(e) => onGroupBy(e.target.value as GroupBy)} data-testid="group-by">
            <option value="none">None</option>
            <option value="month">Month</option>
            <option value="client">Client</option>
          </select>
        </label>
      ) : null}
    </div>
  );
}

function TableIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M2 3h12v2H2zM2 7h12v2H2zM2 11h12v2H2z" fill="currentColor" />
    </svg>
  );
}

function GridIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z" fill="currentColor" />
    </svg>
  );
}
