/** validation.ts: zod failures become docs/api.md's 400 body naming the field; the catalogue's schemas through it. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import { contract } from '../../../shared/contract/index.js';
import { parseInput, toApiError } from '../../../main/platform/operation-input.js';

function fail(schema: z.ZodType, input: unknown): ApiError {
  try {
    parseInput(schema, input);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a validation failure');
}

describe('toApiError / parseInput', () => {
  it('names the field of the first issue with a 400', () => {
    const e = fail(z.object({ title: z.string() }), { title: 3 });
    expect(e.status).toBe(400);
    expect(e.toBody()).toMatchObject({ code: 400, field: 'title', error: expect.stringContaining("'title'") });
  });

  it('joins nested paths with dots', () => {
    const e = fail(z.object({ participants: z.array(z.object({ name: z.string().min(1) })) }), {
      participants: [{ name: 'a' }, { name: '' }],
    });
    expect(e.details.field).toBe('participants.1.name');
  });

  it('an unknown key is named as such', () => {
    const e = fail(z.strictObject({ a: z.string().optional() }), { a: 'x', colour: 'red' });
    expect(e.toBody()).toEqual({ error: "Unknown field 'colour'", code: 400, field: 'colour' });
  });

  it('a whole-input issue is named input', () => {
    const e = fail(z.object({}), 'not an object');
    expect(e.details.field).toBe('input');
    const empty = toApiError(new z.ZodError([]));
    expect(empty.status).toBe(400);
    expect(empty.details.field).toBe('input');
  });

  it('returns the parsed value with defaults and transforms applied', () => {
    expect(parseInput(contract.sessions.list.input, {})).toMatchObject({
      limit: 50,
      offset: 0,
      exclude_failed: true,
      sort: '-recorded_at',
    });
    expect(parseInput(contract.sessions.list.input, { limit: '25', exclude_failed: 'false' })).toMatchObject({
      limit: 25,
      exclude_failed: false,
    });
    expect(parseInput(contract.sessions.list.input, { limit: 25, exclude_failed: false })).toMatchObject({
      limit: 25,
      exclude_failed: false,
    });
  });
});

describe('catalogue schemas through parseInput', () => {
  const list = contract.sessions.list.input;

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: 'abc' }, 'limit'],
    [{ limit: ['1', '2'] }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ sort: 'size' }, 'sort'],
    [{ status_filter: 'deleting' }, 'status_filter'],
    [{ from: '2026-02-31x' }, 'from'],
    [{ to: 'tomorrow' }, 'to'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ cursor: 'c'.repeat(2001) }, 'cursor'],
    [{ exclude_failed: 'yes' }, 'exclude_failed'],
    [{ nope: '1' }, 'nope'],
  ])('list %j → 400 naming %s', (input, field) => {
    expect(fail(list, input).details.field).toBe(field);
  });

  it('import: exactly one of path or url', () => {
    expect(fail(contract.sessions.import.input, {}).details.field).toBe('path');
    expect(fail(contract.sessions.import.input, { path: '/a', url: 'https://x.example/a.mp4' }).details.field).toBe(
      'path',
    );
    expect(fail(contract.sessions.import.input, { url: 'ftp://x.example/a' }).details.field).toBe('url');
    expect(parseInput(contract.sessions.import.input, { path: '/a.mp4' })).toMatchObject({
      path: '/a.mp4',
      copy: true,
    });
  });

  it('bulk delete: at least one filter', () => {
    expect(fail(contract.sessions.bulkDelete.input, { dry_run: 'true' }).details.field).toBe('status_filter');
    expect(parseInput(contract.sessions.bulkDelete.input, { older_than_days: '7' })).toMatchObject({
      older_than_days: 7,
      dry_run: false,
    });
  });

  it('session ids: only [A-Za-z0-9_-], at most 64', () => {
    for (const id of ['../x', 'a b', 'a/b', '', 'x'.repeat(65), 'a\0b']) {
      expect(fail(contract.sessions.get.input, { id }).details.field).toBe('id');
    }
    expect(parseInput(contract.sessions.get.input, { id: 'ses_abc-1' })).toEqual({ id: 'ses_abc-1' });
  });
});
