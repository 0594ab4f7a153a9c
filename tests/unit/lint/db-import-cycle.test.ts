/**
 * main/db/db.ts runs the migrations, so a migration must not import db.ts (or the db barrel, which re-exports it):
 * that circle made module order decide whether a migration saw its imports. Migrations name the connection types
 * from connection-types.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../../main/db/migrations/', import.meta.url).pathname;

describe('main/db and its migrations', () => {
  it('no migration imports db.ts or the db barrel', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /from '\.\.\/(db|index)\.js'/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
