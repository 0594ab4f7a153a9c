/**
 * "Export CSV": every session matching the current filters (the whole filtered set, not the loaded page) as a
 * file download. Through the client rather than a link: the API wants the token in a header.
 */
import type { FilmroomClient } from '../../../shared/contract/index.js';
import { toListInput, type LibraryFilters } from './list-query.js';

export function csvFileName(now: Date): string {
  return `filmroom-sessions-${now.toISOString().slice(0, 10)}.csv`;
}

export async function exportCsv(client: FilmroomClient, filters: LibraryFilters): Promise<void> {
  const { sort, exclude_failed, status_filter, q } = toListInput(filters);
  const csv = await client.sessions.exportCsv({ sort, exclude_failed, status_filter, q });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = csvFileName(new Date());
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a later tick frees the memory.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
