/**
 * Issue 11 item 7: the committed OpenAPI document declares what the server really answers — route-specific
 * errors, 413/415 on every route with a body, signed URLs as an alternative to the bearer token, declared tags
 * and a license. (The fuzz suite also checks every status it sees against this document.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Loose } from '../../helpers/server.js';

const spec: Loose = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8'));
const op = (path: string, method: string): Loose => spec.paths[path][method];
const statuses = (path: string, method: string) => Object.keys(op(path, method).responses);

describe('openapi.json', () => {
  it('declares the statuses particular to routes', () => {
    expect(statuses('/api/v1/sessions/{id}/media', 'get')).toEqual(expect.arrayContaining(['403', '416']));
    expect(statuses('/api/v1/sessions/import', 'post')).toEqual(expect.arrayContaining(['409', '422']));
    expect(statuses('/api/v1/video/results/{sessionId}', 'get')).toContain('409');
    expect(statuses('/api/v1/video/cancel/{sessionId}', 'post')).toContain('409');
  });

  it('declares 413 and 415 on every route that takes a body', () => {
    for (const [path, methods] of Object.entries<Loose>(spec.paths)) {
      for (const [method, operation] of Object.entries<Loose>(methods)) {
        if (!operation.requestBody) continue;
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['413', '415']));
      }
    }
  });

  it('declares signed URLs as an alternative to the bearer token on media routes', () => {
    expect(spec.components.securitySchemes.signedUrl).toMatchObject({ type: 'apiKey', in: 'query' });
    for (const path of ['/api/v1/sessions/{id}/media', '/api/v1/sessions/{id}/artifacts/{name}']) {
      expect(op(path, 'get').security).toEqual([{ bearer: [] }, { signedUrl: [] }]);
    }
  });

  it('declares every tag it uses, and a license', () => {
    const declared = new Set(spec.tags.map((t: { name: string }) => t.name));
    for (const methods of Object.values<Loose>(spec.paths)) {
      for (const operation of Object.values<Loose>(methods)) {
        for (const tag of operation.tags) expect(declared.has(tag), tag).toBe(true);
      }
    }
    expect(spec.info.license.name).toEqual(expect.any(String));
  });
});
