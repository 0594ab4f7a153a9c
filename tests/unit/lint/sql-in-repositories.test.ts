import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

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

  it('lets repositories, stores and main/db prepare statements', async () => {
    expect(await sqlErrors('main/library/sessions/sessions-repository.ts', query)).toEqual([]);
    expect(await sqlErrors('main/jobs/job-store.ts', query)).toEqual([]);
    expect(await sqlErrors('main/db/migrations/0001-initial.ts', query)).toEqual([]);
  });

  it('holds for every file of main/ today', async () => {
    const results = await eslint.lintFiles(['main/**/*.ts']);
    const offenders = results.filter((r) => r.messages.some((m) => m.ruleId === 'filmroom/sql-in-repositories'));
    expect(offenders.map((r) => r.filePath)).toEqual([]);
  });
});
