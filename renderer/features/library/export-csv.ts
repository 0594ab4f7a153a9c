/**
 * "Export CSV": every session matching the current filters (the whole filtered set, not the loaded page) as a
 * file download, fetched through the client rather than a link (the API wants the token in a header). The
 * selection bar's export hands its own rows to `downloadCsv`.
 */
import type { FilmroomClient } from '../../../shared/contract/index.js';
import { toListInput, type LibraryFilters } from './list-query.js';

export function csvFileName(now: Date, base = 'filmroom-sessions'): string {
  return `${base}-${now.toISOString().slice(0, 10)}.csv`;
}

export async function exportCsv(client: FilmroomClient, filters: LibraryFilters): Promise<void> {
  const { sort, exclude_failed, status_filter, q, coach_share_min, coach_share_max } = toListInput(filters);
  downloadCsv(
    await client.sessions.exportCsv({ sort, exclude_failed, status_filter, q, coach_share_min, coach_share_max }),
  );
}

/** Hands `csv` to the browser as a file download named `<base>-<date>.csv`. */
export function downloadCsv(csv: string, base?: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = csvFileName(new Date(), base);
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a later tick frees the memory.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
