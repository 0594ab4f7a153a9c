/**
 * The window: the sidebar of places, then the library, a session's review or another place; import progress,
 * the status bar and messages.
 */
import { lazy, Suspense, useEffect } from 'react';
import { ServicesProvider, type Services } from './app/services.js';
import { useLiveEvents } from './app/use-live-events.js';
import { StatusBar } from './components/StatusBar.js';
import { Toasts } from './components/Toasts.js';
import { DropZone } from './features/import/DropZone.js';
import { ImportProgressList } from './features/import/ImportProgressList.js';
import { LibraryView } from './features/library/LibraryView.js';
import { useRoute } from './features/review/route.js';
import { PlaceView } from './features/shell/Places.js';
import { ShortcutsHelp } from './features/shell/ShortcutsHelp.js';
import { Sidebar } from './features/shell/Sidebar.js';
import { useFiltersInUrl } from './features/shell/use-filters-in-url.js';
import { useToasts } from './stores/toast-store.js';

// The review (video, wavesurfer) loads on first use: the library opens without it.
const ReviewView = lazy(() => import('./features/review/ReviewView.js').then((m) => ({ default: m.ReviewView })));

export function App({ services }: { services: Services }) {
  const live = useLiveEvents(services);
  const route = useRoute();
  useFiltersInUrl(services.library);
  // An error concerns the place it was shown in: moving to another place takes it away.
  const place = route.kind === 'review' ? `review:${route.id}` : route.kind;
  useEffect(() => useToasts.getState().clearErrors(), [place]);
  return (
    <ServicesProvider services={services}>
      <div className="app">
        <Sidebar />
        <div className="app-main">
          {services.transport.missingToken ? <MissingToken /> : null}
          {/* The library stays mounted behind a review or a place: back shows it as left (filters, rows, scroll). */}
          <LibraryView hidden={route.kind !== 'library'} />
          {route.kind === 'review' ? (
            <Suspense fallback={<main className="review muted">Loading…</main>}>
              <ReviewView key={route.id} id={route.id} />
            </Suspense>
          ) : route.kind !== 'library' ? (
            <PlaceView place={route.kind} />
          ) : null}
          <ImportProgressList />
          <StatusBar live={live} />
        </div>
        <DropZone />
        <ShortcutsHelp />
        <Toasts />
      </div>
    </ServicesProvider>
  );
}

function MissingToken() {
  return (
    <div className="error-bar" role="alert" data-testid="missing-token">
      No access token. Open Filmroom with the link <code>filmroom serve</code> printed (it ends in <code>#token=…</code>
      ), or run <code>filmroom token</code>.
    </div>
  );
}
