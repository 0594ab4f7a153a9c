/**
 * The sessions a cleanup would delete, to list them before anything goes: failed sessions added before the cutoff,
 * newest first. Reads pages of the failed list (sorted by added date) and keeps those past the cutoff, up to
 * `MAX_LISTED`; `complete` says whether the list holds every one (then its sizes add up to the whole).
 */
import { useEffect, useState } from 'react';
import type { FilmroomClient, Session } from '../../../shared/contract/index.js';
import { CLEANUP_FILTER } from './cleanup-policy.js';

export const MAX_LISTED = 200;
const PAGE = 500;
const MAX_PAGES = 20;

export interface CleanupCandidates {
  sessions: Session[];
  complete: boolean;
}

export async function loadCleanupCandidates(client: FilmroomClient, now: number): Promise<CleanupCandidates> {
  const cutoff = now - CLEANUP_FILTER.older_than_days * 86_400_000;
  const sessions: Session[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await client.sessions.list({
      status_filter: CLEANUP_FILTER.status_filter,
      exclude_failed: false,
      sort: '-created_at',
      limit: PAGE,
      offset: page * PAGE,
    });
    for (const s of answer.items) if (Date.parse(s.created_at) < cutoff) sessions.push(s);
    if (sessions.length > MAX_LISTED) return { sessions: sessions.slice(0, MAX_LISTED), complete: false };
    if ((page + 1) * PAGE >= answer.total) return { sessions, complete: true };
  }
  return { sessions, complete: false };
}

export function useCleanupCandidates(client: FilmroomClient): CleanupCandidates | null {
  const [state, setState] = useState<CleanupCandidates | null>(null);
  useEffect(() => {
    let live = true;
    loadCleanupCandidates(client, Date.now())
      .then((c) => live && setState(c))
      .catch(() => live && setState({ sessions: [], complete: false }));
    return () => {
      live = false;
    };
  }, [client]);
  return state;
}
