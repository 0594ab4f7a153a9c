/**
 * SQL lives in repositories only (the "one house" rule, after Immich's repository layer): inside main/, a statement
 * is prepared or executed only in a file named `*-repository.ts`, or under `main/db/` (connections and migrations).
 * Services call repository methods, so a table's queries sit in one file and one place owns each table.
 * The demo/benchmark seeder (main/library/seed/) writes rows in bulk and is exempt.
 *
 * `db.prepare(…)` always counts. `x.exec(…)` counts with SQL text, and with any text that is not written out
 * (`db.exec(sql)`), unless `x` is evidently a regular expression (RegExp#exec): a regex literal, `new RegExp(…)`, or
 * a name in capitals (`TIMING`) or ending in Re / Regex / RegExp / Pattern.
 */
import { relative, resolve, sep } from 'node:path';

const OWNERS = /-repository\.ts$/;

/**
 * Files that still hold SQL under another name, listed one by one so no new file opts out by its name. Each is to
 * become (or move its statements into) a repository.
 */
const NOT_YET_MOVED = new Set(['jobs/job-store.ts']);

function exempt(mainDir, file) {
  const rel = relative(mainDir, file).split(sep).join('/');
  return (
    rel.startsWith('..') ||
    rel.startsWith('db/') ||
    rel.startsWith('library/seed/') ||
    OWNERS.test(rel) ||
    NOT_YET_MOVED.has(rel)
  );
}

const SQL_TEXT =
  /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|ANALYZE|REINDEX|VACUUM)\b/i;
const REGEX_NAME = /^[A-Z][A-Z0-9_]*$|(Re|RE|Regex|REGEX|RegExp|Regexp|Pattern|PATTERN)$|^(re|regex|regexp|pattern)$/;

/** The receiver of `.exec` is evidently a regular expression. */
function isRegExp(object) {
  if (object.type === 'Literal' && object.regex) return true;
  if (object.type === 'NewExpression' && object.callee.type === 'Identifier' && object.callee.name === 'RegExp')
    return true;
  const name =
    object.type === 'Identifier'
      ? object.name
      : object.type === 'MemberExpression' && !object.computed
        ? object.property.name
        : null;
  return typeof name === 'string' && REGEX_NAME.test(name);
}

/** SQL text written out in the call, or null when the argument is not text written out (a variable, a call…). */
function writtenText(argument) {
  if (argument?.type === 'Literal' && typeof argument.value === 'string') return argument.value;
  if (argument?.type === 'TemplateLiteral' && argument.quasis[0].value.raw.trim() !== '')
    return argument.quasis[0].value.raw;
  return null;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'SQL statements only in *-repository.ts files and main/db/' },
    schema: [],
    messages: {
      sql: '{{method}}() outside a repository: move this SQL into a *-repository.ts of the module that owns the table (eslint-rules/sql-in-repositories.js).',
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
        let isSql = method === 'prepare';
        if (method === 'exec' && !isRegExp(callee.object)) {
          const text = writtenText(node.arguments[0]);
          isSql = text === null || SQL_TEXT.test(text);
        }
        if (isSql) context.report({ node, messageId: 'sql', data: { method } });
      },
    };
  },
};
