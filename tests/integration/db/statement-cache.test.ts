/** StatementCache: one prepared statement per SQL text, kept in least-recently-used order up to its size. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StatementCache } from '../../../main/db/index.js';

describe('StatementCache', () => {
  const db = new Database(':memory:');

  it('prepares each text once and hands back the same statement', () => {
    const cache = new StatementCache(db, { size: 4 });
    const first = cache.get('SELECT 1');
    expect(cache.get('SELECT 1')).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('never holds more than its size; the least recently used text goes first', () => {
    const cache = new StatementCache(db, { size: 3 });
    const one = cache.get('SELECT 1');
    const two = cache.get('SELECT 2');
    cache.get('SELECT 3');
    expect(cache.get('SELECT 1')).toBe(one); // used again: now the most recent
    for (let i = 4; i < 200; i++) cache.get(`SELECT ${i}`);
    expect(cache.size).toBe(3);
    cache.get('SELECT 1');
    cache.get('SELECT 2');
    expect(cache.get('SELECT 2')).not.toBe(two); // long gone, prepared again
  });

  it('keeps the recently used one when a new text pushes another out', () => {
    const cache = new StatementCache(db, { size: 2 });
    const one = cache.get('SELECT 1');
    cache.get('SELECT 2');
    cache.get('SELECT 1');
    cache.get('SELECT 3'); // pushes out SELECT 2, not SELECT 1
    expect(cache.get('SELECT 1')).toBe(one);
  });

  it('applies its configuration to each new statement', () => {
    const cache = new StatementCache(db, { size: 2, configure: (s) => s.pluck() });
    expect(cache.get('SELECT 42 AS answer').get()).toBe(42);
  });
});
