/**
 * Layer order inside main/ (after VS Code's code-layering rule): a module may import its own files and the public
 * `index.ts` of modules in LOWER layers, nothing else. Proves the import graph of main/ points one way.
 *
 *   platform → db → storage → jobs, settings → library → analysis, sync → video-api → cleanup → devices
 *            → api, ipc → app → composition (and the entry files cli.ts, index.ts)
 */
import { dirname, relative, resolve, sep } from 'node:path';

/** Rank of each module (first folder under main/); modules of equal rank may not import each other. */
const RANKS = {
  platform: 0,
  db: 1,
  storage: 2,
  jobs: 3,
  settings: 3,
  library: 4,
  analysis: 5,
  sync: 5,
  'video-api': 6,
  cleanup: 7,
  devices: 7.5,
  api: 8,
  ipc: 8,
  app: 9,
  composition: 10,
  'cli.ts': 11,
  'cli-open.ts': 10.5,
  'cli-verify.ts': 10.5,
  'index.ts': 11,
};

function moduleOf(mainDir, file) {
  const rel = relative(mainDir, file);
  if (rel.startsWith('..') || rel === '') return null;
  // Top-level files are imported by their built name (`./cli-open.js`) and linted by their source name.
  return rel.split(sep)[0].replace(/\.js$/, '.ts');
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'main/ modules import only lower layers, through their index.ts' },
    schema: [],
    messages: {
      upward:
        'main/{{from}} (layer {{fromRank}}) may not import main/{{to}} (layer {{toRank}}): dependencies point down the layer list (eslint-rules/main-layers.js).',
      deep: "Import main/{{to}} through its public index.ts ('{{index}}'), not {{source}}.",
      unknown: 'main/{{to}} is not in the layer list of eslint-rules/main-layers.js: add it there.',
    },
  },
  create(context) {
    const file = context.filename;
    const mainDir = resolve(context.cwd, 'main');
    const from = moduleOf(mainDir, file);
    if (!from) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      const to = moduleOf(mainDir, target);
      if (!to || to === from) return;
      const fromRank = RANKS[from];
      const toRank = RANKS[to];
      if (fromRank === undefined) return context.report({ node, messageId: 'unknown', data: { to: from } });
      if (toRank === undefined) return context.report({ node, messageId: 'unknown', data: { to } });
      if (toRank >= fromRank) {
        return context.report({ node, messageId: 'upward', data: { from, to, fromRank, toRank } });
      }
      const inner = relative(resolve(mainDir, to), target);
      const isIndex = inner === 'index.js' || inner === 'index.ts' || inner === '';
      // platform is a toolbox of small single-purpose files (logger, clock, ids): imported file by file;
      // top-level files are modules of their own.
      if (!isIndex && to !== 'platform' && !to.endsWith('.ts')) {
        const index = relative(dirname(file), resolve(mainDir, to, 'index.js'));
        context.report({
          node,
          messageId: 'deep',
          data: { to, source, index: index.startsWith('.') ? index : `./${index}` },
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
