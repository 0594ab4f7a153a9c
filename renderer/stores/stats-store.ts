/** Library-wide figures for the status bar (`system.stats`), refreshed after changes, at most twice a second. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FilmroomClient, OperationResult } from '../../shared/contract/index.js';
import type { contract } from '../../shared/contract/index.js';

export type LibraryStats = OperationResult<typeof contract.system.stats>;

export interface StatsState {
  stats: LibraryStats | null;
  error: boolean;
  /** Ask for fresh figures; bursts of events collapse into one request. */
  refresh(): void;
}

export type StatsStore = StoreApi<StatsState>;

export function createStatsStore(client: FilmroomClient, throttleMs = 500): StatsStore {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;

  return createStore<StatsState>()((set, get) => {
    const fetchNow = async () => {
      running = true;
      try {
        set({ stats: await client.system.stats({}), error: false });
      } catch {
        set({ error: true });
      } finally {
        running = false;
        if (again) {
          again = false;
          get().refresh();
        }
      }
    };
    return {
      stats: null,
      error: false,
      refresh() {
        if (running) {
          again = true;
          return;
        }
        if (timer) return;
        const first = get().stats === null;
        timer = setTimeout(
          () => {
            timer = null;
            void fetchNow();
          },
          first ? 0 : throttleMs,
        );
      },
    };
  });
}
