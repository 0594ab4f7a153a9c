/**
 * What a cleanup deletes, shown before it happens: one line per session (title, client, added date, size), and
 * why the space freed on disk can be less than the sessions' sizes (demo sessions and recordings referenced where
 * they are have no copy in the library folder).
 */
import type { BulkDeleteResult } from '../../../shared/contract/index.js';
import { formatBytes, plural } from '../../lib/format.js';

const addedFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
import type { CleanupCandidates } from './use-cleanup-candidates.js';

export function CleanupList({ candidates, total }: { candidates: CleanupCandidates | null; total: number }) {
  if (candidates === null) return <p className="muted small">Listing the sessions…</p>;
  if (candidates.sessions.length === 0) return null;
  const more = total - candidates.sessions.length;
  return (
    <div className="cleanup-list-wrap">
      <table className="cleanup-list" data-testid="cleanup-list" aria-label="Sessions that will be deleted">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Client</th>
            <th scope="col">Added</th>
            <th scope="col" className="num">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {candidates.sessions.map((s) => (
            <tr key={s.id} data-testid="cleanup-item" data-session-id={s.id}>
              <td>
                {s.title}
                {s.synthetic ? <span className="muted"> (demo)</span> : null}
              </td>
              <td>{s.client || '—'}</td>
              <td>{addedFormat.format(Date.parse(s.created_at))}</td>
              <td className="num">{formatBytes(s.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p className="muted small">…and {plural(more, 'more session')}.</p> : null}
    </div>
  );
}

export function CleanupFigures({
  result,
  candidates,
}: {
  result: BulkDeleteResult;
  candidates: CleanupCandidates | null;
}) {
  if (!candidates?.complete || candidates.sessions.length === 0) return null;
  const listed = candidates.sessions.reduce((sum, s) => sum + s.size, 0);
  if (listed <= result.bytes_freed) return null;
  const demo = candidates.sessions.filter((s) => s.synthetic).length;
  return (
    <p className="muted small" data-testid="cleanup-figures">
      Their recordings count for <strong data-testid="listed-bytes">{formatBytes(listed)}</strong> in your library
      {result.dry_run ? '' : ' (the storage figure below drops by that much)'}. Only files in Filmroom&apos;s library
      folder take space on this disk
      {demo > 0 ? `; ${plural(demo, 'demo session')} ${demo === 1 ? 'has' : 'have'} no files at all` : ''}; recordings
      referenced where they are stay in place.
    </p>
  );
}
