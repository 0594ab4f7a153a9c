/** Migration 0003: a recording's content hash is unique per coach (issue 11: dedup within what a caller sees). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/db/index.js';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'filmroom-m0003-'));
  db = await openDatabase(join(dir, 'library.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string, coach: string, sha: string) =>
  db
    .prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size, sha256)
       VALUES (?, 't', 'uploaded', 'local', ?, '', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 1, ?)`,
    )
    .run(id, coach, sha);

describe('migration 0003', () => {
  it('lets two coaches hold the same content, but not one coach twice', () => {
    db.prepare("INSERT OR IGNORE INTO coaches (id, name) VALUES ('a', 'A'), ('b', 'B')").run();
    insert('ses_a', 'a', 'f'.repeat(64));
    expect(() => insert('ses_b', 'b', 'f'.repeat(64))).not.toThrow();
    expect(() => insert('ses_a2', 'a', 'f'.repeat(64))).toThrow(/UNIQUE/);
  });

  it('still finds content by hash through an index', () => {
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE sha256 = ? AND origin = 'library'")
      .all('x') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sessions_(coach_)?sha256/);
  });
});
