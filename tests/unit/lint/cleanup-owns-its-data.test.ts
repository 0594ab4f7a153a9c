/**
 * Issue 22, owned data: the cleanup module's SQL names only the cleanup module's own tables (`trash`,
 * `trash_totals`, `cleanup_runs`). What it needs of the library (a session's title, files, coach) it asks the
 * library's repositories; what it needs of sync, sync's. Every string and template text of `main/cleanup/` is read
 * (TypeScript's parser), and each table after FROM / JOIN / INTO / UPDATE / TABLE must be one of cleanup's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const OWN = new Set(['trash', 'trash_totals', 'cleanup_runs', 'json_each']);
const TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([A-Za-z_][A-Za-z0-9_]*)/gi;
const SQL = /\b(?:SELECT|INSERT|UPDATE|DELETE)\b/;

/** Every string literal and piece of template text in a TypeScript source. */
function texts(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** Tables another module owns, named by the SQL of one source file. */
function foreignTables(source: string): string[] {
  const found = new Set<string>();
  for (const text of texts(source)) {
    // Comments and messages say "from the library" too: only text that reads as SQL (a statement keyword and a
    // table clause) counts.
    if (!SQL.test(text) && !/\bFROM\s+\w+\s+WHERE\b/i.test(text)) continue;
    for (const [, table] of text.matchAll(TABLE)) if (!OWN.has(table!.toLowerCase())) found.add(table!);
  }
  return [...found];
}

describe("the cleanup module's SQL", () => {
  it('catches a join of the library’s sessions, in a string or a template', () => {
    expect(foreignTables("db.prepare('SELECT t.* FROM trash t JOIN sessions s ON s.id = t.session_id')")).toEqual([
      'sessions',
    ]);
    const template =
      'const c = 1; db.prepare(`SELECT COUNT(*) FROM trash WHERE ${c} AND session_id IN (SELECT id FROM sessions)`)';
    expect(foreignTables(template)).toEqual(['sessions']);
    expect(foreignTables("db.prepare('UPDATE uploads SET state = 1')")).toEqual(['uploads']);
    expect(foreignTables("db.prepare('SELECT sessions, bytes FROM trash_totals WHERE id = 1')")).toEqual([]);
    expect(foreignTables("const note = 'removed from the library when the run ends';")).toEqual([]);
  });

  it('names only cleanup’s own tables, in every file of main/cleanup', () => {
    const dir = join(root, 'main/cleanup');
    const offenders: Record<string, string[]> = {};
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const tables = foreignTables(readFileSync(join(dir, name), 'utf8'));
      if (tables.length > 0) offenders[name] = tables;
    }
    expect(offenders).toEqual({});
  });
});
