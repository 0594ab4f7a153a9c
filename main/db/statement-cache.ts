/**
 * Statements whose SQL text is built at run time (filters, sorts, search shapes), prepared once per distinct text and
 * kept for the next request; the least recently used goes past `size`, so a stream of distinct texts cannot grow it
 * without bound.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection-types.js';

export interface StatementCacheOptions {
  /** Most statements kept. */
  size: number;
  /** Applied once to each newly prepared statement (e.g. `(s) => s.pluck()`). */
  configure?: (statement: Statement) => Statement;
}

export class StatementCache {
  readonly #db: Db;
  readonly #size: number;
  readonly #configure: (statement: Statement) => Statement;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Db, options: StatementCacheOptions) {
    this.#db = db;
    this.#size = Math.max(1, options.size);
    this.#configure = options.configure ?? ((statement) => statement);
  }

  get size(): number {
    return this.#statements.size;
  }

  get(sql: string): Statement {
    const kept = this.#statements.get(sql);
    if (kept) {
      this.#statements.delete(sql); // to the end: most recently used
      this.#statements.set(sql, kept);
      return kept;
    }
    const statement = this.#configure(this.#db.prepare(sql));
    if (this.#statements.size >= this.#size) this.#statements.delete(this.#statements.keys().next().value as string);
    this.#statements.set(sql, statement);
    return statement;
  }
}
