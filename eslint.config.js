// Lint enforces the process boundaries of docs/architecture-notes.md, not prose (after VS Code's code-layering rule).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import mainLayers from './eslint-rules/main-layers.js';
import repositoryConnections from './eslint-rules/repository-connections.js';
import sqlInRepositories from './eslint-rules/sql-in-repositories.js';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const electron = {
  group: ['electron', 'electron/*'],
  message: 'Only main/app, main/ipc, main/index.ts and preload import Electron: services must run under plain Node.',
};
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'child_process', 'crypto', 'os'],
  message: 'shared/ and renderer/ run in the browser too: no Node built-ins.',
};
const mainCode = {
  group: ['**/main/**', '../main/*', '../../main/*'],
  message: 'Reach main only through the contract (IPC or HTTP).',
};
const preloadCode = {
  group: ['**/preload/**'],
  message: 'The renderer talks to window.api; import its type from shared/contract.',
};
const rendererCode = { group: ['**/renderer/**'], message: 'main/shared/preload never import the renderer.' };
const uiLibs = {
  group: ['react', 'react-dom', 'react/*', 'zustand', '@tanstack/*'],
  message: 'UI libraries belong to the renderer.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      '.tmp/',
      '.cache/',
      'openapi.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  { files: ['shared/**/*.ts'], rules: restrict([electron, nodeBuiltins, mainCode, preloadCode, rendererCode, uiLibs]) },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([electron, nodeBuiltins, mainCode, preloadCode]),
  },
  { files: ['preload/**/*.ts'], rules: restrict([mainCode, rendererCode, uiLibs]) },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**', 'main/ipc/**', 'main/index.ts'],
    rules: restrict([electron, rendererCode, preloadCode, uiLibs]),
  },
  {
    files: ['main/app/**/*.ts', 'main/ipc/**/*.ts', 'main/index.ts'],
    rules: restrict([rendererCode, preloadCode, uiLibs]),
  },
  { files: ['tests/unit/**/*.ts', 'tests/integration/**/*.ts', 'bench/**/*.ts'], rules: restrict([electron]) },
  // CommonJS helpers (the s3rver child process runs as plain CommonJS).
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Inside main/: modules in layer order, imported through their index.ts (see eslint-rules/main-layers.js), SQL
  // only in repositories (eslint-rules/sql-in-repositories.js), repositories typed by the connection they write on
  // (eslint-rules/repository-connections.js).
  {
    files: ['main/**/*.ts'],
    plugins: {
      filmroom: {
        rules: {
          'main-layers': mainLayers,
          'sql-in-repositories': sqlInRepositories,
          'repository-connections': repositoryConnections,
        },
      },
    },
    rules: {
      'filmroom/main-layers': 'error',
      'filmroom/sql-in-repositories': 'error',
      'filmroom/repository-connections': 'error',
    },
  },
);
