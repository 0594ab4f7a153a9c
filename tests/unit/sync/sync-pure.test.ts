/** Pure parts of S3 sync: part sizes, object keys both ways, retry classification, prefixes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisePrefix } from '../../../main/sync/config.js';
import { partSizeFor } from '../../../main/sync/multipart-uploader.js';
import { objectKey, parseObjectKey, slug } from '../../../main/sync/object-keys.js';
import { isNoSuchUpload, isTransient, storeReason } from '../../../main/sync/retry.js';
import { apiState } from '../../../main/sync/uploads-repository.js';

const MiB = 1024 * 1024;

describe('part size', () => {
  it('is max(8 MiB, ceil(size / 9000)) and never needs more than 9000 parts', () => {
    expect(partSizeFor(300 * MiB, null)).toBe(8 * MiB);
    expect(partSizeFor(9000 * 8 * MiB + 1, null)).toBe(Math.ceil((9000 * 8 * MiB + 1) / 9000));
    expect(partSizeFor(100 * MiB, 16)).toBe(16 * MiB);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 * 1024 * 1024 * MiB }),
        fc.option(fc.integer({ min: 5, max: 64 })),
        (size, mb) => {
          const part = partSizeFor(size, mb);
          expect(part).toBeGreaterThanOrEqual(5 * MiB);
          expect(Math.ceil(size / part)).toBeLessThanOrEqual(9000);
        },
      ),
    );
  });
});

describe('object keys', () => {
  const session = {
    id: 'ses_01abcxyz',
    coach_id: 'default',
    client: 'Ana Lima-Sousa',
    title: 'Week 3: goals & "habits"',
    recorded_at: '2026-03-04T10:00:00.000Z',
  };

  it('follow docs/api.md and parse back', () => {
    const key = objectKey('recordings/', session, 'recording.mp4');
    expect(key).toBe('recordings/default/ana-lima-sousa/2026-03-04/week-3-goals-habits_ses_01abcxyz/recording.mp4');
    expect(parseObjectKey('recordings/', key)).toMatchObject({
      coachId: 'default',
      clientSlug: 'ana-lima-sousa',
      date: '2026-03-04',
      titleSlug: 'week-3-goals-habits',
      sessionId: 'ses_01abcxyz',
      file: 'recording.mp4',
    });
  });

  it('round-trip any title and client; foreign keys are ignored', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (title, client) => {
        const key = objectKey('p/', { ...session, title, client }, 'a.mp4');
        expect(parseObjectKey('p/', key)?.sessionId).toBe(session.id);
      }),
    );
    expect(parseObjectKey('recordings/', 'recordings/other-tool/file.bin')).toBeNull();
    expect(parseObjectKey('recordings/', 'elsewhere/a/b/2026-01-01/t_x/f')).toBeNull();
    expect(slug('   ', 'fallback')).toBe('fallback');
  });
});

describe('retry', () => {
  it('retries throttling, 5xx, resets and timeouts; not client errors or aborts', () => {
    expect(isTransient({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient({ name: 'InternalError', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isTransient({ code: 'ECONNRESET', message: 'read ECONNRESET' })).toBe(true);
    expect(isTransient({ name: 'TimeoutError', message: 'socket timeout' })).toBe(true);
    expect(isTransient({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
    expect(isTransient({ name: 'AbortError', message: 'aborted' })).toBe(false);
    expect(isNoSuchUpload({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } })).toBe(true);
  });

  it("words the store's error plainly", () => {
    expect(
      storeReason({
        name: 'SlowDown',
        message: 'Please reduce your request rate.',
        $metadata: { httpStatusCode: 503 },
      }),
    ).toMatch(/^The S3 store is busy or down \(SlowDown\)\. Filmroom keeps what it has and tries again later/);
    expect(storeReason({ name: 'Weird', message: 'odd', $metadata: { httpStatusCode: 418 } })).toBe(
      'Weird (HTTP 418) odd',
    );
  });
});

describe('settings and states', () => {
  it('normalises prefixes to folders', () => {
    expect(normalisePrefix('coaching')).toBe('coaching/');
    expect(normalisePrefix('/a/b/')).toBe('a/b/');
    expect(normalisePrefix('')).toBe('');
  });

  it("maps stored states to docs/api.md's", () => {
    expect(apiState({ state: 'synced' })).toBe('completed');
    expect(apiState({ state: 'paused' })).toBe('paused');
    expect(apiState({ state: 'queued' })).toBe('queued');
    expect(apiState({ state: 'failed' })).toBe('failed');
  });
});
