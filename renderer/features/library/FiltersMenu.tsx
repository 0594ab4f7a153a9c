/**
 * "Filters" in the toolbar: client, platform, recorded between, the coach's share of talk time, tags. Each applies at once and shows as a chip
 * under the toolbar (FilterChips), where it is removed; all of them combine and ride in the URL.
 */
import { useMemo, useState } from 'react';
import { PLATFORMS, type Platform } from '../../../shared/contract/index.js';
import { useLibrary } from '../../app/services.js';
import { PLATFORM_LABELS } from './filter-labels.js';

/** A typed percent (0–100, whole), or null for an empty or unreadable box. */
function percentOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Math.round(Number(text));
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : null;
}

export function FiltersMenu() {
  const filters = useLibrary((s) => s.filters);
  const setFilters = useLibrary((s) => s.setFilters);
  const rows = useLibrary((s) => s.rows);
  const [client, setClient] = useState('');
  const [tag, setTag] = useState('');
  // Suggestions from what is loaded (there is no list of clients or tags in the API).
  const clients = useMemo(() => [...new Set(rows.map((r) => r.client).filter(Boolean))].sort().slice(0, 50), [rows]);
  const tags = useMemo(() => [...new Set(rows.flatMap((r) => r.tags ?? []))].sort().slice(0, 50), [rows]);
  const active =
    (filters.client ? 1 : 0) +
    (filters.platform !== 'all' ? 1 : 0) +
    (filters.from || filters.to ? 1 : 0) +
    (filters.coachShareMin !== null || filters.coachShareMax !== null ? 1 : 0) +
    filters.tags.length;

  const addClient = () => {
    const c = client.trim();
    if (c) setFilters({ client: c });
    setClient('');
  };
  const addTag = () => {
    const t = tag.trim();
    if (t && !filters.tags.includes(t)) setFilters({ tags: [...filters.tags, t] });
    setTag('');
  };

  return (
    <details className="filters-menu" data-testid="filters-menu">
      <summary className="button" data-testid="filters-button">
        Filters{active > 0 ? ` (${active})` : ''}
      </summary>
      <div className="filters-panel form-grid" role="group" aria-label="Filters">
        <label htmlFor="filter-client">Client</label>
        <input
          id="filter-client"
          type="text"
          list="filter-clients"
          value={client}
          placeholder={filters.client || 'Any client (Enter to apply)'}
          onChange={(e) => setClient(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && addClient()}
          onBlur={addClient}
          maxLength={200}
          data-testid="filter-client"
        />
        <datalist id="filter-clients">
          {clients.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <label htmlFor="filter-platform">Platform</label>
        <select
          id="filter-platform"
          value={filters.platform}
          onChange={(e) => setFilters({ platform: e.target.value as Platform | 'all' })}
          data-testid="filter-platform"
        >
          <option value="all">Any platform</option>
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {PLATFORM_LABELS[p]}
            </option>
          ))}
        </select>
        <label htmlFor="filter-from">Recorded from</label>
        <input
          id="filter-from"
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => setFilters({ from: e.target.value })}
          data-testid="filter-from"
        />
        <label htmlFor="filter-to">Recorded until</label>
        <input
          id="filter-to"
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => setFilters({ to: e.target.value })}
          data-testid="filter-to"
        />
        <label htmlFor="filter-share-min">Coach talk from %</label>
        <input
          id="filter-share-min"
          type="number"
          min={0}
          max={100}
          step={5}
          value={filters.coachShareMin ?? ''}
          placeholder="0"
          onChange={(e) => setFilters({ coachShareMin: percentOrNull(e.target.value) })}
          data-testid="filter-share-min"
        />
        <label htmlFor="filter-share-max">Coach talk up to %</label>
        <input
          id="filter-share-max"
          type="number"
          min={0}
          max={100}
          step={5}
          value={filters.coachShareMax ?? ''}
          placeholder="100"
          onChange={(e) => setFilters({ coachShareMax: percentOrNull(e.target.value) })}
          data-testid="filter-share-max"
        />
        <label htmlFor="filter-tag">Tag</label>
        <input
          id="filter-tag"
          type="text"
          list="filter-tags"
          value={tag}
          placeholder="A tag (Enter to add)"
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && addTag()}
          maxLength={50}
          data-testid="filter-tag"
        />
        <datalist id="filter-tags">
          {tags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </div>
    </details>
  );
}
