/** The app's long-lived objects (transport and stores), built once in main.tsx and handed down by context. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Transport } from '../api/transport.js';
import { createImportsStore, type ImportsState, type ImportsStore } from '../stores/imports-store.js';
import { createLibraryStore, type LibraryState, type LibraryStore } from '../stores/library-store.js';
import { createSelectionStore, type SelectionState, type SelectionStore } from '../stores/selection-store.js';
import { createStatsStore, type StatsState, type StatsStore } from '../stores/stats-store.js';
import { filtersFromQuery } from '../features/library/filters-url.js';
import { libraryQuery } from '../features/review/route-path.js';
import { createEventBus, type EventBus } from './event-bus.js';

export interface Services {
  transport: Transport;
  library: LibraryStore;
  /** The library's multi-selection (bulk actions). */
  selection: SelectionStore;
  stats: StatsStore;
  /** Live events for views beyond the library (review, import progress). */
  events: EventBus;
  /** Imports in flight (uploads, copies, downloads) with their progress. */
  imports: ImportsStore;
}

export function createServices(transport: Transport): Services {
  // A bookmarked or shared library URL opens with its filters.
  const initial = typeof window === 'undefined' ? undefined : filtersFromQuery(libraryQuery(window.location.hash));
  const library = createLibraryStore(transport.client, initial);
  return {
    transport,
    library,
    selection: createSelectionStore(library),
    stats: createStatsStore(transport.client),
    events: createEventBus(),
    imports: createImportsStore(),
  };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

export function useLibrary<T>(selector: (state: LibraryState) => T): T {
  return useStore(useServices().library, selector);
}

export function useSelection<T>(selector: (state: SelectionState) => T): T {
  return useStore(useServices().selection, selector);
}

export function useStats<T>(selector: (state: StatsState) => T): T {
  return useStore(useServices().stats, selector);
}

export function useImports<T>(selector: (state: ImportsState) => T): T {
  return useStore(useServices().imports, selector);
}
