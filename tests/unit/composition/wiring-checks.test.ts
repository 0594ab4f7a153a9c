/** Wiring mistakes fail the start, not a request: variants, handlers and job types are checked when built. */
import { describe, expect, it } from 'vitest';
import { checkVariants, VariantMismatchError } from '../../../main/api/http-server.js';
import { mergeHandlers } from '../../../main/composition/merge-handlers.js';
import type { UploadHandler } from '../../../main/platform/http-variants.js';

const upload: UploadHandler = async () => null;
const stream = () => [''];
const complete = {
  streams: { 'sessions:exportCsv': stream },
  uploads: { 'sessions:import': upload, 'video:upload': upload },
};

describe('HTTP variants against the catalogue', () => {
  it('accepts the app’s map', () => {
    expect(() => checkVariants(complete)).not.toThrow();
  });

  it('an operation declared multipart without an upload handler fails the start', () => {
    const uploads = { 'sessions:import': upload };
    expect(() => checkVariants({ ...complete, uploads })).toThrow(VariantMismatchError);
    expect(() => checkVariants({ ...complete, uploads })).toThrow(
      /video:upload is multipart but has no upload handler/,
    );
  });

  it('a CSV operation without its stream, or a variant for an operation that takes no file, fails too', () => {
    expect(() => checkVariants({ ...complete, streams: {} })).toThrow(/sessions:exportCsv streams CSV/);
    const extra = { ...complete.uploads, 'sessions:update': upload };
    expect(() => checkVariants({ ...complete, uploads: extra })).toThrow(/sessions:update, which takes no file/);
  });
});

describe('handlers gathered from the modules', () => {
  it('a missing operation handler or a namespace claimed twice fails the start', () => {
    expect(() => mergeHandlers([{ system: { health: () => null } }])).toThrow(/no handler for system:stats/);
    expect(() => mergeHandlers([{ system: {} }, { system: {} }])).toThrow(/two modules handle the 'system'/);
  });
});
