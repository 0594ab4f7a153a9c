import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contract, listOperations } from '../../../shared/contract/index.js';
import { buildOpenApi } from '../../../shared/contract/openapi.js';
import { APP_VERSION } from '../../../main/platform/version.js';

describe('openapi.json', () => {
  const committed = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };

  it('matches the catalogue (run `npm run openapi` after changing shared/contract)', () => {
    expect(committed).toEqual(buildOpenApi(contract, { title: 'Filmroom local API', version: APP_VERSION }));
  });

  it('documents every operation of the catalogue under its path and method', () => {
    for (const { namespace, name, operation } of listOperations(contract)) {
      expect(committed.paths[operation.path]?.[operation.method.toLowerCase()]?.operationId).toBe(
        `${namespace}.${name}`,
      );
    }
  });
});
