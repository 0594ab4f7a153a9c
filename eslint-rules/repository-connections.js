/**
 * A repository names the connection it writes on (main/db/connection-types.ts): `LibraryDb` (synchronous=FULL: the
 * library's rows — sessions, files, imports, deletions, uploads' own state) or `WorkDb` (synchronous=NORMAL: job
 * bookkeeping, progress, analysis results, upload parts, restore runs). Never the plain `Db` or better-sqlite3's
 * `Database`, which accept either, so a row could be written through the wrong connection unseen (the restore bug of
 * the backups issue was this mistake). A repository whose tables live on both connections takes both, each typed
 * (UploadsRepository: `uploads` on LibraryDb, `upload_parts` on WorkDb).
 *
 * Applies inside main/ (main/db/ apart: it opens the connections and runs the migrations) to the files that hold SQL
 * by name: `*-repository.ts` and `*-store.ts`.
 */
import { relative, resolve, sep } from 'node:path';

const HOLDERS = /-(repository|store)\.ts$/;
/** Where `Db` comes from: main/db/index.js, db.js or connection-types.js, by any relative path. */
const DB_MODULE = /(^|\/)db\/(index|db|connection-types)(\.js)?$/;

function applies(mainDir, file) {
  const rel = relative(mainDir, file).split(sep).join('/');
  return !rel.startsWith('..') && !rel.startsWith('db/') && HOLDERS.test(rel);
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Repositories take LibraryDb or WorkDb, not a plain Db' },
    schema: [],
    messages: {
      plain:
        '{{name}} accepts either connection: type it LibraryDb (library rows, synchronous=FULL) or WorkDb (job bookkeeping, synchronous=NORMAL) (eslint-rules/repository-connections.js).',
    },
  },
  create(context) {
    if (!applies(resolve(context.cwd, 'main'), context.filename)) return {};
    /** Local names of the plain `Db` type, and of better-sqlite3's default/namespace import and `Database`. */
    const plain = new Set();
    const sqlite = new Set();
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        for (const spec of node.specifiers) {
          if (source === 'better-sqlite3') {
            if (spec.type !== 'ImportSpecifier') sqlite.add(spec.local.name);
            else if (spec.imported.name === 'Database') plain.add(spec.local.name);
          } else if (DB_MODULE.test(source) && spec.type === 'ImportSpecifier' && spec.imported.name === 'Db') {
            plain.add(spec.local.name);
          }
        }
      },
      TSTypeReference(node) {
        const name = node.typeName;
        if (name.type === 'Identifier' && (plain.has(name.name) || sqlite.has(name.name))) {
          context.report({ node, messageId: 'plain', data: { name: name.name } });
        } else if (
          name.type === 'TSQualifiedName' &&
          name.left.type === 'Identifier' &&
          sqlite.has(name.left.name) &&
          name.right.name === 'Database'
        ) {
          context.report({ node, messageId: 'plain', data: { name: `${name.left.name}.Database` } });
        }
      },
    };
  },
};
