/** docs/api.md is what tool authors read: it must name every route the catalogue and the raw routes serve. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contract/index.js';
import { listOperations } from '../../../shared/contract/operation.js';
import { RAW_ROUTES } from '../../../shared/contract/raw-routes.js';

const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it('documents every operation of the catalogue with its method and path', () => {
    const missing = listOperations(contract)
      .map(({ operation }) => `${operation.method} ${operation.path}`)
      .filter((route) => !doc.includes(route));
    expect(missing).toEqual([]);
  });

  it('documents the byte-streaming routes (events, media, artifacts)', () => {
    const missing = Object.values(RAW_ROUTES)
      .map((r) => `${r.method} ${r.path}`)
      .filter((route) => !doc.includes(route));
    expect(missing).toEqual([]);
  });

  it('links nothing outside the repository', () => {
    expect(doc).not.toMatch(/\]\(\.\.\/\.\.\//);
    expect(doc).not.toMatch(/\.\.\/shared\//);
  });
});
