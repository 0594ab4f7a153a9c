/**
 * SQL lives in repositories only (the "one house" rule, after Immich's repository layer): inside main/, a statement
 * is prepared or executed only in a file named `*-repository.ts` or `*-store.ts`, or under `main/db/` (connections and
 * migrations). Services call repository methods, so a table's queries sit in one file and one place owns each table.
 * The demo/benchmark seeder (main/library/seed/) writes rows in bulk and is exempt.
 */
import { relative, resolve, sep } from 'node:path';

const OWNERS = /(-repository|-store)\.ts$/;

function exempt(mainDir, file) {
  const rel = relative(mainDir, file).split(sep).join('/');
  return rel.startsWith('..') || rel.startsWith('db/') || rel.startsWith('library/seed/') || OWNERS.test(rel);
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'SQL statements only in *-repository.ts / *-store.ts files and main/db/' },
    schema: [],
    messages: {
      sql: '{{method}}() outside a repository: move this SQL into a *-repository.ts (or *-store.ts) of the module that owns the table (eslint-rules/sql-in-repositories.js).',
    },
  },
  create(context) {
    const mainDir = resolve(context.cwd, 'main');
    if (exempt(mainDir, context.filename)) return {};
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        // `.prepare(...)` is better-sqlite3's only way in; `.exec(` only counts with SQL text (RegExp#exec is not SQL).
        const first = node.arguments[0];
        const text =
          first?.type === 'Literal'
            ? String(first.value)
            : first?.type === 'TemplateLiteral'
              ? first.quasis[0].value.raw
              : '';
        const isSql =
          method === 'prepare' ||
          (method === 'exec' && /^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|WITH|BEGIN)\b/i.test(text));
        if (isSql) context.report({ node, messageId: 'sql', data: { method } });
      },
    };
  },
};
