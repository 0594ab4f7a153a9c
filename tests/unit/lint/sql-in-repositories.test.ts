import { ESLint, type Rule } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const cwd = new URL('../../..', import.meta.url).pathname;
const ruleFile: string = '../../../eslint-rules/sql-in-repositories.js'; // plain JavaScript, no declarations
const { default: sqlInRepositories } = (await import(ruleFile)) as { default: Rule.RuleModule };
const eslint = new ESLint({ cwd });
/** This rule alone, without type information (linting all of main/ with the whole config took over 5 s). */
const sqlOnly = new ESLint({
  cwd,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['main/**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { filmroom: { rules: { 'sql-in-repositories': sqlInRepositories } } },
      rules: { 'filmroom/sql-in-repositories': 'error' },
    },
  ],
});

async function sqlErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'filmroom/sql-in-repositories').map((m) => m.message);
}

const query = "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n";

describe('the SQL-in-repositories rule (eslint-rules/sql-in-repositories.js)', () => {
  it('refuses a statement prepared in a service', async () => {
    expect(await sqlErrors('main/cleanup/trash-service.ts', query)).toEqual([
      expect.stringMatching(/prepare\(\) outside a repository/),
    ]);
  });

  it('refuses SQL run with exec() outside a repository, but not RegExp#exec', async () => {
    const sql = "export const f = (db: { exec(s: string): void }) => db.exec('DELETE FROM sessions');\n";
    expect(await sqlErrors('main/library/example.ts', sql)).toHaveLength(1);
    const regexp = 'export const f = (s: string) => /a(b)/.exec(s);\n';
    expect(await sqlErrors('main/library/example.ts', regexp)).toEqual([]);
  });

  it('refuses exec() of SQL it cannot read (a variable, a call), but not of a regular expression held in a name', async () => {
    const variable = 'export const f = (db: { exec(s: string): void }, sql: string) => db.exec(sql);\n';
    expect(await sqlErrors('main/library/example.ts', variable)).toHaveLength(1);
    const member = 'export const f = (o: { sql: string }, d: { db: { exec(s: string): void } }) => d.db.exec(o.sql);\n';
    expect(await sqlErrors('main/library/example.ts', member)).toHaveLength(1);
    const interpolated = 'export const f = (db: { exec(s: string): void }, t: string) => db.exec(`${t}`);\n';
    expect(await sqlErrors('main/library/example.ts', interpolated)).toHaveLength(1);
    const regexps = [
      'const TIMING = /a/;\nexport const f = (s: string) => TIMING.exec(s);\n',
      'export const f = (s: string) => new RegExp("a").exec(s);\n',
      'export class P { startRe = /a/; f(s: string) { return this.startRe.exec(s); } }\n',
    ];
    for (const code of regexps) expect(await sqlErrors('main/library/example.ts', code)).toEqual([]);
  });

  it('lets repositories and main/db prepare statements; a *-store.ts is not a repository by its name', async () => {
    expect(await sqlErrors('main/library/sessions/sessions-repository.ts', query)).toEqual([]);
    expect(await sqlErrors('main/db/migrations/0001-initial.ts', query)).toEqual([]);
    expect(await sqlErrors('main/library/new-thing-store.ts', query)).toHaveLength(1);
  });

  it('holds for every file of main/ today', { timeout: 120_000 }, async () => {
    // Only files that call something named prepare or exec can break the rule: lint those.
    const files = readdirSync(join(cwd, 'main'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join('main', f))
      .filter((f) => /\.(prepare|exec)\s*\(/.test(readFileSync(join(cwd, f), 'utf8')));
    expect(files).toContain(join('main', 'library', 'sessions', 'sessions-repository.ts'));
    const results = await sqlOnly.lintFiles(files);
    expect(results.length).toBe(files.length);
    const offenders = results.filter((r) => r.messages.some((m) => m.ruleId === 'filmroom/sql-in-repositories'));
    expect(offenders.map((r) => r.filePath)).toEqual([]);
    expect(results.flatMap((r) => r.messages.filter((m) => m.fatal))).toEqual([]);
  });
});
