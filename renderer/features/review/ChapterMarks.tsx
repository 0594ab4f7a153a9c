/** Timeline frames and scene cuts as chapter marks: each is a button that seeks the video to its time. */
import { formatClock, type ChapterMark } from './review-model.js';

export function ChapterMarks({ marks, onSeek }: { marks: readonly ChapterMark[]; onSeek(t: number): void }) {
  if (marks.length === 0) return null;
  return (
    <nav className="chapters" aria-label="Chapters">
      <ol className="chapter-list" data-testid="chapters">
        {marks.map((mark) => (
          <li key={`${mark.t}-${mark.image ?? 'cut'}`}>
            <button
              type="button"
              className={mark.image ? 'chapter' : 'chapter chapter-cut'}
              onClick={() => onSeek(mark.t)}
              aria-label={mark.label}
              title={mark.label}
              data-testid="chapter-mark"
            >
              {mark.image ? <img src={mark.image} alt="" loading="lazy" /> : <span aria-hidden="true">✂</span>}
              <span className="chapter-time">{formatClock(mark.t)}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
