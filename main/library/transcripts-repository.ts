/** Transcript segments, as the list, detail and review views read them. */
import { distinctWords, type LibraryDb } from '../db/index.js';

export interface TranscriptSegmentOut {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
}

export class TranscriptsRepository {
  readonly #segments;
  readonly #insert;
  readonly #clear;
  readonly #words;

  constructor(private readonly db: LibraryDb) {
    this.#segments = db.prepare(
      'SELECT start_s AS start, end_s AS "end", speaker, text FROM transcript_segments WHERE session_id = ? ORDER BY start_s, id',
    );
    this.#insert = db.prepare(
      'INSERT INTO transcript_segments (session_id, start_s, end_s, speaker, text) VALUES (?, ?, ?, ?, ?)',
    );
    this.#clear = db.prepare('DELETE FROM transcript_segments WHERE session_id = ?');
    // The transcript's distinct words are what search indexes (migration 0020): every sort finds the session.
    this.#words = db.prepare('UPDATE sessions SET transcript_words = ? WHERE id = ?');
  }

  segments(sessionId: string): TranscriptSegmentOut[] {
    return this.#segments.all(sessionId) as TranscriptSegmentOut[];
  }

  replaceSegments(sessionId: string, segments: TranscriptSegmentOut[]): void {
    this.db.transaction(() => {
      this.#clear.run(sessionId);
      for (const s of segments) this.#insert.run(sessionId, s.start, s.end, s.speaker, s.text);
      this.#words.run(distinctWords(segments.map((s) => s.text).join(' ')), sessionId);
    })();
  }
}
