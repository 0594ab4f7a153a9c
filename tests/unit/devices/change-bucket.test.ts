/**
 * The change objects' key layout (issue 20): keys by coach folder, the old layout's folders told apart from coach
 * folders by the key alone, and a re-written manifest merged last writer wins like a field.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ChangeBucket, coachFolder } from '../../../main/devices/change-bucket.js';
import { decide, emptyState, viewOf, applyToState } from '../../../main/devices/merge.js';

// Never sends a request: only the key functions are used.
const bucket = new ChangeBucket(
  new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1' }),
  'b',
  'p/',
  'off',
);

describe('change bucket keys', () => {
  it('puts a coach’s changes under the coach’s slug and reads the folder back from the key', () => {
    const key = bucket.keyFor('Dana Smith', 'dev_00aa', '0001796694286948-000003-dev_00aa', 42);
    expect(key).toBe('p/.sync/dana-smith/dev_00aa/0001796694286948-000003-0000000042.json');
    expect(bucket.folderOf(key)).toEqual({ folder: 'dana-smith/dev_00aa', coach: 'dana-smith', device: 'dev_00aa' });
    expect(coachFolder('')).toBe('default');
  });

  it('still knows the old layout, and refuses keys outside both', () => {
    expect(bucket.folderOf('p/.sync/dev_00aa/0001-000000-0000000001.json')).toEqual({
      folder: 'dev_00aa',
      coach: null,
      device: 'dev_00aa',
    });
    expect(bucket.folderOf('p/.sync/dana/0001.json')).toBeNull(); // a coach folder holds device folders, not objects
    expect(bucket.folderOf('p/.sync/dana/dev_1/x/y.json')).toBeNull();
    expect(bucket.folderOf('p/.sync/dev_1/dev_2/y.json')).toBeNull();
    expect(bucket.folderOf('p/dana/dev_1/y.json')).toBeNull();
  });

  it('a re-written manifest: the later clock wins, an older one is ignored', () => {
    const state = emptyState();
    const change = { op: 'manifest_updated' as const, session_id: 's', sha256: 'x' };
    expect(applyToState(state, { hlc: '0000000000000002-000000-dev_b', change }).kind).toBe('manifest');
    expect(decide(viewOf(state), { hlc: '0000000000000001-000000-dev_a', change }).kind).toBe('ignore');
    expect(decide(viewOf(state), { hlc: '0000000000000003-000000-dev_a', change }).kind).toBe('manifest');
  });
});
