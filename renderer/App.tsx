/** The window: header, the library, status bar and messages. */
import { ServicesProvider, type Services } from './app/services.js';
import { useLiveEvents } from './app/use-live-events.js';
import { StatusBar } from './components/StatusBar.js';
import { Toasts } from './components/Toasts.js';
import { LibraryView } from './features/library/LibraryView.js';

export function App({ services }: { services: Services }) {
  const live = useLiveEvents(services);
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
          <span className="muted small">Session library</span>
        </header>
        {services.transport.missingToken ? <MissingToken /> : null}
        <LibraryView />
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
