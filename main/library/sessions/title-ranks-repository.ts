/**
 * Title ranks with room between them (migration 0031). A title's rank labels its rows in `sessions_by_title`
 * (`rank << 30 | seq`); a new title takes the rank halfway between its neighbours'. Titles arriving in ascending
 * order (dated or numbered imports) halve the same gap each time and, after ~33 titles, share a rank: the trigger
 * records that rank in `search_title_crowded`. `respace()` then gives the titles around it fresh, evenly spaced
 * ranks and moves their rows, so a title-sorted search always finds one title per rank (a page streams from the
 * index) instead of one bucket of thousands of titles to sort.
 *
 * The window around a crowded rank doubles until it has room: at least `gapAt(level)` between ranks, a gap that
 * shrinks as the window grows (a large window is rare, and must not be asked for more room than the library has).
 * Titles with many sessions keep their rank (moving "Zoom Meeting" would move a fifth of the library); the titles
 * between two of them are spaced within their gap.
 */
import type { Statement } from 'better-sqlite3';
import { facetsSql, searchTextSql, TITLE_RANK_END, type LibraryDb } from '../../db/index.js';

const SEQ_BITS = 30n;
const SEQ_MASK = 1073741823;
/** Titles on each side of a crowded rank in the first window. */
const FIRST_WINDOW = 16;
/** A title with more listed sessions than this keeps its rank in a respace. */
const PINNED_SESSIONS = 64;

/** The room asked between ranks in a window of level `level` (FIRST_WINDOW << level titles each side). */
function gapAt(level: number): number {
  return Math.max(2, 2 ** (16 - level));
}

interface Ranked {
  title: string;
  rank: number;
}

export interface RespaceStats {
  /** Crowded ranks resolved. */
  crowded: number;
  /** Titles given a new rank. */
  titles: number;
  /** Rows moved in `sessions_by_title`. */
  rows: number;
}

export class TitleRanks {
  readonly #db: LibraryDb;
  readonly #anyCrowded: Statement;
  readonly #nextCrowded: Statement;
  readonly #dropCrowded: Statement;
  readonly #ofRank: Statement;
  readonly #below: Statement;
  readonly #above: Statement;
  readonly #sessionsOf: Statement;
  readonly #rowsOfRank: Statement;
  readonly #titlesOf: Statement;
  readonly #deleteRow: Statement;
  readonly #setRank: Statement;
  readonly #insertRows: Statement;
  readonly #ranksShared: Statement;

  constructor(db: LibraryDb) {
    this.#db = db;
    this.#anyCrowded = db.prepare('SELECT EXISTS (SELECT 1 FROM search_title_crowded)').pluck();
    this.#nextCrowded = db.prepare('SELECT rank FROM search_title_crowded ORDER BY rank LIMIT 1').pluck();
    this.#dropCrowded = db.prepare('DELETE FROM search_title_crowded WHERE rank = ?');
    this.#ofRank = db.prepare('SELECT title, rank FROM search_title_ranks WHERE rank = ? ORDER BY title');
    this.#below = db.prepare('SELECT title, rank FROM search_title_ranks WHERE title < ? ORDER BY title DESC LIMIT ?');
    this.#above = db.prepare('SELECT title, rank FROM search_title_ranks WHERE title > ? ORDER BY title ASC LIMIT ?');
    this.#sessionsOf = db
      .prepare(
        `SELECT COUNT(*) FROM (SELECT 1 FROM sessions WHERE listed = 1 AND title = ? LIMIT ${PINNED_SESSIONS + 1})`,
      )
      .pluck();
    this.#rowsOfRank = db
      .prepare(`SELECT rowid & ${SEQ_MASK} FROM sessions_by_title WHERE rowid >= ? AND rowid <= ?`)
      .pluck();
    this.#titlesOf = db.prepare('SELECT seq, title FROM sessions WHERE seq IN (SELECT value FROM json_each(?))').raw();
    this.#deleteRow = db.prepare('DELETE FROM sessions_by_title WHERE rowid = ?');
    this.#setRank = db.prepare('UPDATE search_title_ranks SET rank = ? WHERE title = ?');
    // The row as the title index holds it (0020's columns), under its title's new rank.
    this.#insertRows = db.prepare(
      `INSERT INTO sessions_by_title(rowid, title, client, participants_text, facets)
       SELECT ((SELECT rank FROM search_title_ranks WHERE title = s.title) << 30) | (s.seq & ${SEQ_MASK}),
              s.title, s.client, ${searchTextSql('s')}, ${facetsSql('s')}
       FROM sessions s WHERE s.seq IN (SELECT value FROM json_each(?))`,
    );
    this.#ranksShared = db
      .prepare('SELECT COUNT(*) FROM (SELECT 1 FROM search_title_ranks WHERE rank = ? LIMIT 2)')
      .pluck();
  }

  /** True when rank `rank` belongs to one title only (its rows in the title index are in seq order). */
  ownRank(rank: number): boolean {
    return (this.#ranksShared.get(rank) as number) <= 1;
  }

  /** Gives every crowded rank's titles room (one transaction); cheap when nothing is crowded. */
  respace(): RespaceStats {
    const stats: RespaceStats = { crowded: 0, titles: 0, rows: 0 };
    if (!this.#anyCrowded.get()) return stats;
    this.#db.transaction(() => {
      for (let rank = this.#nextCrowded.get() as number | undefined; rank !== undefined;) {
        const group = this.#ofRank.all(rank) as Ranked[];
        if (group.length > 1) {
          const moved = this.#respaceAround(group);
          stats.titles += moved.titles;
          stats.rows += moved.rows;
        }
        this.#dropCrowded.run(rank);
        stats.crowded += 1;
        rank = this.#nextCrowded.get() as number | undefined;
      }
    })();
    return stats;
  }

  /** New ranks for a window of titles around `group` (titles sharing one rank), and their rows moved. */
  #respaceAround(group: Ranked[]): { titles: number; rows: number } {
    const first = group[0]!.title;
    const last = group.at(-1)!.title;
    for (let level = 0; ; level++) {
      const k = FIRST_WINDOW << level;
      const below = (this.#below.all(first, k + 1) as Ranked[]).reverse();
      const above = this.#above.all(last, k + 1) as Ranked[];
      // The outermost title of each side bounds the window (kept); none: the window runs to the end of the ranks.
      const lower = below.length > k ? below.shift()! : undefined;
      const upper = above.length > k ? above.pop()! : undefined;
      const window = [...below, ...group, ...above];
      const whole = !lower && !upper;
      // The next title most likely lands right after the group (titles arrive in ascending order): that gap is wider.
      const hot = below.length + group.length - 1;
      const ranks = this.#plan(window, hot, lower?.rank ?? -1, upper?.rank ?? TITLE_RANK_END, whole ? 1 : gapAt(level));
      if (ranks) return this.#apply(window, ranks);
      if (whole) throw new Error('no room left in the title ranks');
    }
  }

  /**
   * New ranks for `window` (in title order) strictly between `lo` and `hi`, at least `gap` apart, titles with many
   * sessions keeping theirs (then the titles between two such are spaced within their gap); null when there is not
   * that much room. The gap after title `hot` gets half of its stretch when the other gaps still have `gap` room:
   * ascending titles then fill it for ~log2(half) more titles before the next respace, instead of ~log2(gap).
   */
  #plan(window: Ranked[], hot: number, lo: number, hi: number, gap: number): number[] | null {
    const pinned = window.map((t, i) => {
      const prev = window[i - 1];
      // A kept rank must stay strictly above the previous kept one (two busy titles may share a crowded rank).
      return (!prev || prev.rank !== t.rank) && (this.#sessionsOf.get(t.title) as number) > PINNED_SESSIONS;
    });
    const out = window.map((t) => t.rank);
    let start = 0;
    let from = lo;
    for (let i = 0; i <= window.length; i++) {
      if (i < window.length && !pinned[i]) continue;
      const to = i < window.length ? window[i]!.rank : hi;
      const n = i - start;
      if (n > 0) {
        const ranks = spread(from, to, n, hot >= start && hot < i ? hot - start : -1, gap);
        if (!ranks) return null;
        ranks.forEach((r, j) => (out[start + j] = r));
      }
      start = i + 1;
      from = to;
    }
    return out;
  }

  /** Ranks changed and rows moved: each changed title's rows leave their old rank for the new one. */
  #apply(window: Ranked[], ranks: number[]): { titles: number; rows: number } {
    const changed = new Set<string>();
    const oldRanks = new Set<number>();
    window.forEach((t, i) => {
      if (ranks[i] === t.rank) return;
      changed.add(t.title);
      oldRanks.add(t.rank);
    });
    const moving: number[] = [];
    for (const rank of oldRanks) {
      const start = BigInt(rank) << SEQ_BITS;
      const seqs = this.#rowsOfRank.all(start, start | BigInt(SEQ_MASK)) as number[];
      if (seqs.length === 0) continue;
      for (const [seq, title] of this.#titlesOf.all(JSON.stringify(seqs)) as [number, string][]) {
        if (!changed.has(title)) continue;
        this.#deleteRow.run(start | BigInt(seq));
        moving.push(seq);
      }
    }
    window.forEach((t, i) => {
      if (ranks[i] !== t.rank) this.#setRank.run(ranks[i], t.title);
    });
    if (moving.length > 0) this.#insertRows.run(JSON.stringify(moving));
    return { titles: changed.size, rows: moving.length };
  }
}

/**
 * `n` ranks strictly between `from` and `to`, gaps of at least `gap`; the gap after rank `hot` (-1: none) half of the
 * stretch when the other gaps keep `gap`, else all gaps equal. Null when even equal gaps are below `gap`.
 */
function spread(from: number, to: number, n: number, hot: number, gap: number): number[] | null {
  const span = to - from;
  const half = Math.floor(span / 2);
  const step = (span - half) / n; // the other n gaps share what the hot gap leaves
  if (hot >= 0 && step >= gap)
    return Array.from(
      { length: n },
      (_, j) => from + Math.floor(step * (j + 1)) + (j > hot ? half - Math.floor(step) : 0),
    );
  const even = span / (n + 1);
  if (even < gap) return null;
  return Array.from({ length: n }, (_, j) => from + Math.floor(even * (j + 1)));
}
