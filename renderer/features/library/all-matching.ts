/**
 * "All N matching" as a list of sessions: pages through `sessions.list` with the view's own filters (keyset cursor,
 * the server's largest page) and drops the rows the coach unticked. The contract's bulk delete takes only a status
 * and an age, not these filters (and deletes for good, not to the trash), so every bulk action over all matching
 * works from this list: collected first, then acted on, so deleting cannot shift the pages being read.
 */
import type { FilmroomClient, Session } from '../../../shared/contract/index.js';
import { toListInput, type LibraryFilters } from './list-query.js';

/** The list's largest page (contract: limit ≤ 500). */
export const COLLECT_PAGE = 500;

export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
  }
}

export async function collectMatching(
  client: FilmroomClient,
  filters: LibraryFilters,
  excluded: ReadonlySet<string>,
  options: { signal?: AbortSignal; onProgress?(collected: number, total: number): void } = {},
): Promise<Session[]> {
  const out: Session[] = [];
  let cursor: string | null = null;
  do {
    if (options.signal?.aborted) throw new Cancelled();
    const page = await client.sessions.list({ ...toListInput(filters, cursor), limit: COLLECT_PAGE });
    for (const item of page.items) if (!excluded.has(item.id)) out.push(item);
    cursor = page.next_cursor;
    options.onProgress?.(out.length, Math.max(out.length, page.total - excluded.size));
  } while (cursor);
  return out;
}

/** "600", or "10,000+" when the server stopped counting. */
export function matchingCount(total: number, lowerBound: boolean, excluded: number): string {
  return lowerBound ? `${total.toLocaleString('en-US')}+` : Math.max(0, total - excluded).toLocaleString('en-US');
}
