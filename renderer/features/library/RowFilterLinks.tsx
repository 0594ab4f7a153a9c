/**
 * A row's tags and client as links that filter the library to them (a click on "Acme" shows Acme's sessions, a
 * click on a tag adds it to the tag filter): the table's way of grouping by client, since the API sorts by a fixed
 * set of keys that has no client.
 */
import type { Session } from '../../../shared/contract/index.js';
import { useLibrary } from '../../app/services.js';

const SHOWN_TAGS = 3;

export function RowTags({ session }: { session: Session }) {
  const tags = session.tags ?? [];
  const setFilters = useLibrary((s) => s.setFilters);
  const chosen = useLibrary((s) => s.filters.tags);
  if (tags.length === 0) return null;
  return (
    <span className="row-tags" data-testid="row-tags">
      {tags.slice(0, SHOWN_TAGS).map((tag) => (
        <button
          key={tag}
          type="button"
          tabIndex={-1}
          className="tag"
          title={`Show sessions tagged “${tag}”`}
          onClick={(e) => {
            e.stopPropagation();
            if (!chosen.includes(tag)) setFilters({ tags: [...chosen, tag] });
          }}
        >
          {tag}
        </button>
      ))}
      {tags.length > SHOWN_TAGS ? <span className="muted small">+{tags.length - SHOWN_TAGS}</span> : null}
    </span>
  );
}

export function ClientCell({ session }: { session: Session }) {
  const setFilters = useLibrary((s) => s.setFilters);
  if (!session.client) return <span className="cell-ellipsis">—</span>;
  return (
    <button
      type="button"
      tabIndex={-1}
      className="cell-ellipsis link-button cell-link"
      title={`Show only ${session.client}’s sessions`}
      onClick={(e) => {
        e.stopPropagation();
        setFilters({ client: session.client });
      }}
      data-testid="client-link"
    >
      {session.client}
    </button>
  );
}
