/**
 * The table's small poster frame (48×27, 16:9) at the start of the title cell. The table asks for the posters of
 * the rows on screen in one batch (usePosters, cached per session) and hands them down through this context, so a
 * row renders no request of its own and scrolling the virtual list costs no more than before.
 */
import { createContext, useContext } from 'react';
import type { Session } from '../../../shared/contract/index.js';

export const PostersContext = createContext<ReadonlyMap<string, string | null>>(new Map());

export function RowThumb({ session }: { session: Session }) {
  const poster = useContext(PostersContext).get(session.id);
  return (
    <span className="row-thumb" aria-hidden="true">
      {poster ? <img src={poster} alt="" loading="lazy" width={48} height={27} data-testid="row-poster" /> : null}
    </span>
  );
}
