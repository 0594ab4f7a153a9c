import { ESLint, type Rule } from 'eslint';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const cwd = new URL('../../..', import.meta.url).pathname;
const ruleFile: string = '../../../eslint-rules/repository-connections.js'; // plain JavaScript, no declarations
const { default: repositoryConnections } = (await import(ruleFile)) as { default: Rule.RuleModule };
const RULE = 'filmroom/repository-connections';
const eslint = new ESLint({ cwd });
/** This rule alone, without type information: quick enough for every repository of main/. */
const ruleOnly = new ESLint({
  cwd,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['main/**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { filmroom: { rules: { 'repository-connections': repositoryConnections } } },
      rules: { [RULE]: 'error' },
    },
  ],
});

async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => m.message);
}

const repository = (imports: string, type: string) =>
  `${imports}\nexport class ThingsRepository {\n  constructor(private readonly db: ${type}) {}\n  count(): number {\n    return this.db.prepare('SELECT COUNT(*) FROM things').pluck().get() as number;\n  }\n}\n`;

describe('the repository-connections rule (eslint-rules/repository-connections.js)', () => {
  it('refuses a repository that takes the plain Db (a planted violation)', async () => {
    const code = repository("import type { Db } from '../db/index.js';", 'Db');
    expect(await errors('main/library/things-repository.ts', code)).toEqual([
      expect.stringMatching(/Db accepts either connection: type it LibraryDb .* or WorkDb/),
    ]);
    const renamed = repository("import type { Db as Connection } from '../../db/index.js';", 'Connection');
    expect(await errors('main/sync/offload/things-repository.ts', renamed)).toHaveLength(1);
    const store = repository("import type { Db } from '../db/index.js';", 'Db');
    expect(await errors('main/jobs/things-store.ts', store)).toHaveLength(1);
  });

  it("refuses better-sqlite3's Database in a repository", async () => {
    const qualified = repository("import type Database from 'better-sqlite3';", 'Database.Database');
    expect(await errors('main/library/things-repository.ts', qualified)).toHaveLength(1);
    const named = repository("import type { Database } from 'better-sqlite3';", 'Database');
    expect(await errors('main/library/things-repository.ts', named)).toHaveLength(1);
    // Its statement type is not a connection.
    const statement = repository(
      "import type { Statement } from 'better-sqlite3';\nimport type { WorkDb } from '../db/index.js';\nexport type S = Statement;",
      'WorkDb',
    );
    expect(await errors('main/library/things-repository.ts', statement)).toEqual([]);
  });

  it('lets a repository take LibraryDb, WorkDb or both (LibraryDb renamed too), and main/db and services alone', async () => {
    const library = repository("import type { LibraryDb } from '../db/index.js';", 'LibraryDb');
    expect(await errors('main/library/things-repository.ts', library)).toEqual([]);
    const both = repository("import type { LibraryDb, WorkDb } from '../db/index.js';", 'LibraryDb | WorkDb');
    expect(await errors('main/sync/things-repository.ts', both)).toEqual([]);
    const aliased = repository("import type { LibraryDb as Db } from '../db/index.js';", 'Db');
    expect(await errors('main/api/things-store.ts', aliased)).toEqual([]);
    const plain = repository("import type { Db } from './connection-types.js';", 'Db');
    expect(await errors('main/db/things-repository.ts', plain)).toEqual([]);
  });

  it('holds for every repository and store of main/ today', { timeout: 120_000 }, async () => {
    const files = readdirSync(join(cwd, 'main'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /-(repository|store)\.ts$/.test(f))
      .map((f) => join('main', f));
    expect(files).toContain(join('main', 'library', 'sessions', 'sessions-repository.ts'));
    expect(files).toContain(join('main', 'sync', 'uploads-repository.ts'));
    const results = await ruleOnly.lintFiles(files);
    expect(results.length).toBe(files.length);
    const offenders = results.filter((r) => r.messages.some((m) => m.ruleId === RULE));
    expect(offenders.map((r) => r.filePath)).toEqual([]);
    expect(results.flatMap((r) => r.messages.filter((m) => m.fatal))).toEqual([]);
  });
});
