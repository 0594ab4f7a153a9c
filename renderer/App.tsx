/** The window: header, the library or a session's review, import progress, status bar and messages. */
import { lazy, Suspense } from 'react';
import { ServicesProvider, type Services } from './app/services.js';
import { useLiveEvents } from './app/use-live-events.js';
import { StatusBar } from './components/StatusBar.js';
import { Toasts } from './components/Toasts.js';
import { DropZone } from './features/import/DropZone.js';
import { ImportProgressList } from './features/import/ImportProgressList.js';
import { LibraryView } from './features/library/LibraryView.js';
import { useRoute } from './features/review/route.js';

// The review (video, wavesurfer) loads on first use: the library opens without it.
const ReviewView = lazy(() => import('./features/review/ReviewView.js').then((m) => ({ default: m.ReviewView })));

export function App({ services }: { services: Services }) {
  const live = useLiveEvents(services);
  const route = useRoute();
  return (
    <ServicesProvider services={services}>
      <div className="app">
        <header className="app-header">
          <h1 className="brand">
            <span className="brand-mark" aria-hidden="true">
              ▶
            </span>{' '}
            Filmroom
          </h1>
          <span className="muted small">{route.kind === 'review' ? 'Session review' : 'Session library'}</span>
        </header>
        {services.transport.missingToken ? <MissingToken /> : null}
        {/* The library stays mounted behind a review: back shows it as left (filters, loaded rows, scroll). */}
        <LibraryView hidden={route.kind === 'review'} />
        {route.kind === 'review' ? (
          <Suspense fallback={<main className="review muted">Loading…</main>}>
            <ReviewView key={route.id} id={route.id} />
          </Suspense>
        ) : null}
        <ImportProgressList />
        <DropZone />
        <StatusBar live={live} />
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
