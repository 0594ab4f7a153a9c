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

/** A title's move from its old rank to its new one. */
interface Move {
  title: string;
  from: number;
  to: number;
}

/** A crowded rank's window being respaced: its moves in a safe order, and how many are done. */
interface Plan {
  rank: number;
  moves: Move[];
  next: number;
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
  readonly #rankOf: Statement;
  #plan: Plan | undefined;

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
    this.#rankOf = db.prepare('SELECT rank FROM search_title_ranks WHERE title = ?').pluck();
    this.#ranksShared = db
      .prepare('SELECT COUNT(*) FROM (SELECT 1 FROM search_title_ranks WHERE rank = ? LIMIT 2)')
      .pluck();
  }

  /** True when rank `rank` belongs to one title only (its rows in the title index are in seq order). */
  ownRank(rank: number): boolean {
    return (this.#ranksShared.get(rank) as number) <= 1;
  }

  /** True when some title shares its rank (a respace is pending). */
  pending(): boolean {
    return Boolean(this.#anyCrowded.get());
  }

  /** Gives every crowded rank's titles room, step after step (tests, the seeder); cheap when nothing is crowded. */
  respace(): RespaceStats {
    const stats: RespaceStats = { crowded: 0, titles: 0, rows: 0 };
    for (;;) {
      const step = this.step(Number.MAX_SAFE_INTEGER);
      stats.crowded += step.crowded;
      stats.titles += step.titles;
      stats.rows += step.rows;
      if (!step.pending) return stats;
    }
  }

  /**
   * One bounded part of the respacing, in one transaction: titles are moved (each with all its rows) until about
   * `maxRows` rows have moved (at least one title, so a step may exceed it by one title's rows). A window's plan is
   * kept between steps; every move is checked against the ranks as they are now (a write in between may have added a
   * title): a move that would break title order is not made, and the window is planned again. Moves go in an order
   * that keeps ranks non-decreasing in title order after each one (down-movers lowest first, then up-movers highest
   * first), so a title-sorted search reads an exact order whenever it runs: a rank still shared is one bucket sorted
   * whole.
   */
  step(maxRows: number): RespaceStats & { pending: boolean } {
    const stats = { crowded: 0, titles: 0, rows: 0, pending: false };
    if (!this.#anyCrowded.get()) {
      this.#plan = undefined;
      return stats;
    }
    this.#db.transaction(() => {
      let idle = 0; // plans made without a move since: a plan that cannot start is not made again in this step
      while (stats.rows < maxRows) {
        if (!this.#plan) {
          const rank = this.#nextCrowded.get() as number | undefined;
          if (rank === undefined || idle++ > 1) break;
          const group = this.#ofRank.all(rank) as Ranked[];
          if (group.length <= 1) {
            this.#dropCrowded.run(rank);
            stats.crowded += 1;
            continue;
          }
          this.#plan = { rank, moves: this.#planAround(group), next: 0 };
        }
        const plan = this.#plan;
        const moved = this.#apply(this.#nextMoves(plan, maxRows - stats.rows), maxRows - stats.rows);
        plan.next += moved.titles;
        stats.rows += moved.rows;
        stats.titles += moved.titles;
        if (moved.titles > 0) idle = 0;
        if (plan.next < plan.moves.length && moved.titles > 0) continue;
        // Done, or a move no longer fits (a title arrived in the window): the crowded rank is looked at afresh.
        this.#plan = undefined;
        if (plan.next >= plan.moves.length && (this.#ofRank.all(plan.rank) as Ranked[]).length <= 1) {
          this.#dropCrowded.run(plan.rank);
          stats.crowded += 1;
        }
      }
    })();
    stats.pending = Boolean(this.#anyCrowded.get());
    return stats;
  }

  /**
   * The plan's next moves (at most `budget` titles) that still fit between their neighbours' current ranks, the
   * moves before them in this batch counted as made.
   */
  #nextMoves(plan: Plan, budget: number): Move[] {
    const out: Move[] = [];
    const claimed = new Map<string, number>(); // ranks this batch already gave
    for (let i = plan.next; i < plan.moves.length && out.length < Math.max(1, budget); i++) {
      const move = plan.moves[i]!;
      const current = this.#rankOf.get(move.title) as number | undefined;
      if (current !== move.from) break;
      const below = this.#below.get(move.title, 1) as Ranked | undefined;
      const above = this.#above.get(move.title, 1) as Ranked | undefined;
      const lo = below ? (claimed.get(below.title) ?? below.rank) : -1;
      const hi = above ? (claimed.get(above.title) ?? above.rank) : TITLE_RANK_END;
      if (lo > move.to || hi < move.to) break;
      claimed.set(move.title, move.to);
      out.push(move);
    }
    return out;
  }

  /** The moves that give a window around `group` (titles sharing one rank) room, in a safe order. */
  #planAround(group: Ranked[]): Move[] {
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
      const ranks = this.#spaced(
        window,
        hot,
        lower?.rank ?? -1,
        upper?.rank ?? TITLE_RANK_END,
        whole ? 1 : gapAt(level),
      );
      if (ranks) return orderMoves(window, ranks);
      if (whole) throw new Error('no room left in the title ranks');
    }
  }

  /**
   * New ranks for `window` (in title order) strictly between `lo` and `hi`, at least `gap` apart, titles with many
   * sessions keeping theirs (then the titles between two such are spaced within their gap); null when there is not
   * that much room. The gap after title `hot` gets half of its stretch when the other gaps still have `gap` room:
   * ascending titles then fill it for ~log2(half) more titles before the next respace, instead of ~log2(gap).
   */
  #spaced(window: Ranked[], hot: number, lo: number, hi: number, gap: number): number[] | null {
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

  /**
   * The first of `moves` (at least one) whose rows add up to at most `budget`: each title's new rank, and all its
   * rows moved from its old rank to the new one (found by the old rank's rowid range: no title index needed).
   */
  #apply(moves: Move[], budget: number): { titles: number; rows: number } {
    if (moves.length === 0) return { titles: 0, rows: 0 };
    const from = new Map(moves.map((m) => [m.title, m.from] as const));
    const rowsOf = new Map<string, bigint[]>();
    for (const rank of new Set(moves.map((m) => m.from))) {
      const start = BigInt(rank) << SEQ_BITS;
      const seqs = this.#rowsOfRank.all(start, start | BigInt(SEQ_MASK)) as number[];
      if (seqs.length === 0) continue;
      for (const [seq, title] of this.#titlesOf.all(JSON.stringify(seqs)) as [number, string][]) {
        if (from.get(title) !== rank) continue;
        const rows = rowsOf.get(title) ?? [];
        rows.push(start | BigInt(seq));
        rowsOf.set(title, rows);
      }
    }
    const moving: number[] = [];
    let titles = 0;
    for (const m of moves) {
      const rows = rowsOf.get(m.title) ?? [];
      if (titles > 0 && moving.length + rows.length > budget) break;
      for (const rowid of rows) {
        this.#deleteRow.run(rowid);
        moving.push(Number(rowid & BigInt(SEQ_MASK)));
      }
      this.#setRank.run(m.to, m.title);
      titles += 1;
    }
    if (moving.length > 0) this.#insertRows.run(JSON.stringify(moving));
    return { titles, rows: moving.length };
  }
}

/**
 * The moves of a respaced window in an order that keeps ranks non-decreasing in title order after each one: titles
 * moving down, lowest first (everything below is already at its new, lower rank or below it), then titles moving up,
 * highest first.
 */
function orderMoves(window: Ranked[], ranks: number[]): Move[] {
  const moves = window.flatMap((t, i) =>
    ranks[i] === t.rank ? [] : [{ title: t.title, from: t.rank, to: ranks[i]! }],
  );
  const down = moves.filter((m) => m.to < m.from);
  const up = moves.filter((m) => m.to > m.from).reverse();
  return [...down, ...up];
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
