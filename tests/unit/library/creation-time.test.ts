import { describe, expect, it } from 'vitest';
import { creationTag, plausibleCreationTime } from '../../../main/library/importers/creation-time.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('plausibleCreationTime', () => {
  it('reads ffprobe ISO forms as UTC instants, whole seconds', () => {
    expect(plausibleCreationTime('2025-05-06T07:08:09.000000Z', NOW)).toBe('2025-05-06T07:08:09.000Z');
    expect(plausibleCreationTime('2025-05-06T07:08:09.900Z', NOW)).toBe('2025-05-06T07:08:09.000Z');
    expect(plausibleCreationTime('2025-05-06 07:08:09', NOW)).toBe('2025-05-06T07:08:09.000Z');
    expect(plausibleCreationTime('2025-05-06T09:08:09+02:00', NOW)).toBe('2025-05-06T07:08:09.000Z');
  });

  it('refuses what is absent, unparsable, an encoder epoch or far in the future', () => {
    for (const bad of [undefined, null, 42, '', '  ', 'yesterday', '1904-01-01T00:00:00Z', '1970-01-01T00:00:00Z']) {
      expect(plausibleCreationTime(bad, NOW)).toBeNull();
    }
    expect(plausibleCreationTime('2026-11-29T12:00:00Z', NOW)).toBeNull();
    expect(plausibleCreationTime('2026-11-28T06:00:00Z', NOW)).toBe('2026-11-28T06:00:00.000Z'); // a clock a bit ahead
  });
});

describe('creationTag', () => {
  it('prefers the format tag, then the first stream that has one, any letter case', () => {
    expect(creationTag({ format: { tags: { creation_time: 'a' } }, streams: [{ tags: { creation_time: 'b' } }] })).toBe(
      'a',
    );
    expect(creationTag({ format: { tags: {} }, streams: [{}, { tags: { CREATION_TIME: 'c' } }] })).toBe('c');
    expect(creationTag({})).toBeUndefined();
  });
});
