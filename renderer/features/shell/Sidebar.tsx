/**
 * The places of the app, each a view with its own URL: Library, Trash, Uploads, Storage, Settings. Plain links (Tab
 * and Enter reach them; Back and bookmarks work). A skip link before them takes the keyboard straight to the rows.
 */
import { currentLibraryHash, placeHash, useHash, useRoute, type Place } from '../review/route.js';

const PLACES: { place: Place; label: string; hint: string }[] = [
  { place: 'trash', label: 'Trash', hint: 'Deleted sessions, restorable until the trash is emptied' },
  { place: 'uploads', label: 'Uploads', hint: 'Backups to S3 in progress and their history' },
  { place: 'storage', label: 'Storage', hint: 'Space used, freeing local copies, and cleanup' },
  // Backup set-up (S3), Verify backups and Restore from S3 live in Settings → Backup.
  { place: 'settings', label: 'Settings', hint: 'Your name, watch folders, backup to S3' },
];

export function Sidebar() {
  const route = useRoute();
  useHash(); // re-render on every hash change: the Library link carries the current filters
  const here = route.kind === 'review' ? 'library' : route.kind;
  return (
    <aside className="sidebar">
      <a className="skip-link" href="#session-list" onClick={skipToRows}>
        Skip to sessions
      </a>
      <h1 className="brand">
        <span className="brand-mark" aria-hidden="true">
          ▶
        </span>{' '}
        Filmroom
      </h1>
      <nav aria-label="Places">
        <ul className="sidebar-list">
          <li>
            <a
              href={currentLibraryHash()}
              className="sidebar-link"
              aria-current={here === 'library' ? 'page' : undefined}
              data-testid="place-library"
            >
              Library
            </a>
          </li>
          {PLACES.map((p) => (
            <li key={p.place}>
              <a
                href={placeHash(p.place)}
                className="sidebar-link"
                aria-current={here === p.place ? 'page' : undefined}
                title={p.hint}
                data-testid={`place-${p.place}`}
              >
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="sidebar-help muted small">
        Press <kbd>?</kbd> for keyboard shortcuts
      </p>
    </aside>
  );
}

function skipToRows(event: { preventDefault(): void }) {
  event.preventDefault();
  const row = document.querySelector<HTMLElement>('[data-testid="session-row"][tabindex="0"]');
  (row ?? document.querySelector<HTMLElement>('[data-testid="search"]'))?.focus();
}
