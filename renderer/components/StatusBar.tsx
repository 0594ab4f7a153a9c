/** Bottom bar: how many sessions are shown, storage used by the library, and whether live updates are on. */
import { useEffect } from 'react';
import type { LiveState } from '../app/use-live-events.js';
import { useLibrary, useServices, useStats } from '../app/services.js';
import { formatBytes, formatCount, plural } from '../lib/format.js';

const LIVE_LABELS: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline, reconnecting…',
};

export function StatusBar({ live }: { live: LiveState }) {
  const { stats: statsStore } = useServices();
  const stats = useStats((s) => s.stats);
  const total = useLibrary((s) => s.total);
  const loaded = useLibrary((s) => s.rows.length);
  const atLeast = useLibrary((s) => s.totalIsLowerBound);
  useEffect(() => statsStore.getState().refresh(), [statsStore]);

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span data-testid="shown-count">
        {/* An exact total is the whole list in the table (rows are fetched where it is scrolled to); a search past
            the counted matches pages from the top, so what is loaded still matters there. */}
        {atLeast ? `${formatCount(loaded)} of ${formatCount(total)}+ sessions loaded` : plural(total, 'session')}
      </span>
      <span data-testid="storage-used">
        {stats
          ? `Storage used: ${formatBytes(stats.bytes)} in ${plural(stats.sessions, 'session')}`
          : 'Storage used: …'}
      </span>
      <span className={`live live-${live}`} data-testid="live-state">
        <span className="live-dot" aria-hidden="true" />
        {LIVE_LABELS[live]}
      </span>
    </footer>
  );
}
