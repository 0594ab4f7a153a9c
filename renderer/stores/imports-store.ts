/**
 * Imports in flight, for the progress bars: uploads from this window (their own byte counts), and copies and URL
 * downloads the server reports with `import.progress` (keyed by the session id) or as sessions in `importing`.
 * A finished import lingers briefly (so a fast one is seen to complete), then goes.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FilmroomEvent } from '../../shared/contract/index.js';

export interface ImportProgress {
  id: string;
  label: string;
  bytesDone: number;
  /** null while the size is unknown (a download without Content-Length). */
  bytesTotal: number | null;
  state: 'running' | 'done' | 'failed';
  detail?: string;
}

export interface ImportsState {
  items: ImportProgress[];
  /** Adds or updates one import; fields left out keep their value. */
  upsert(id: string, patch: Partial<Omit<ImportProgress, 'id'>>): void;
  finish(id: string, state: 'done' | 'failed', detail?: string): void;
  remove(id: string): void;
  applyEvent(event: FilmroomEvent): void;
}

export type ImportsStore = StoreApi<ImportsState>;

export const LINGER_MS = 4000;

function baseName(source: string): string {
  return source.split(/[\\/]/).filter(Boolean).at(-1) ?? source;
}

export function createImportsStore(linger = LINGER_MS): ImportsStore {
  return createStore<ImportsState>()((set, get) => ({
    items: [],
    upsert(id, patch) {
      set((s) => {
        const at = s.items.findIndex((i) => i.id === id);
        if (at === -1) {
          const fresh: ImportProgress = { id, label: id, bytesDone: 0, bytesTotal: null, state: 'running', ...patch };
          return { items: [...s.items, fresh] };
        }
        return { items: s.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) };
      });
    },
    finish(id, state, detail) {
      if (!get().items.some((i) => i.id === id)) return;
      get().upsert(id, { state, ...(detail ? { detail } : {}) });
      if (linger >= 0) setTimeout(() => get().remove(id), linger);
    },
    remove(id) {
      set((s) => ({ items: s.items.filter((i) => i.id !== id) }));
    },
    applyEvent(event) {
      if (event.type === 'import.progress') {
        const known = get().items.find((i) => i.id === event.import_id);
        if (known && known.state !== 'running') return;
        get().upsert(event.import_id, {
          ...(known ? {} : { label: baseName(event.source) }),
          bytesDone: event.bytes_done,
          bytesTotal: event.bytes_total,
        });
        if (event.bytes_total !== null && event.bytes_done >= event.bytes_total) get().finish(event.import_id, 'done');
        return;
      }
      if (event.type !== 'session.created' && event.type !== 'session.changed') return;
      const { session } = event;
      if (session.status === 'importing') {
        get().upsert(session.id, { label: session.title });
        return;
      }
      const known = get().items.find((i) => i.id === session.id);
      if (!known || known.state !== 'running') return;
      get().upsert(session.id, { label: session.title }); // a meeting's name rather than its last file's
      if (session.status === 'failed') get().finish(session.id, 'failed', session.status_detail ?? undefined);
      else if (session.status !== 'pending') get().finish(session.id, 'done');
    },
  }));
}

/** 0–100, or null while the size is unknown. */
export function importPercent(item: Pick<ImportProgress, 'bytesDone' | 'bytesTotal'>): number | null {
  if (item.bytesTotal === null || item.bytesTotal <= 0) return null;
  return Math.min(100, Math.round((item.bytesDone / item.bytesTotal) * 100));
}
