/** Store, SDK and SQLite errors in plain words with what to do; 503 when a retry may pass, 409 for settings. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract/errors.js';
import { errorReply } from '../../../main/api/error-replies.js';
import { plainError, plainReason, storeUnavailable } from '../../../main/platform/plain-errors.js';

const sqlite = (code: string, message: string) => Object.assign(new Error(message), { name: 'SqliteError', code });

describe('plain errors', () => {
  it('an unreachable store is a 503 naming the endpoint to check, never the raw socket error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(plainError(refused)).toMatchObject({ status: 503, transient: true });
    expect(plainReason(refused)).toMatch(/cannot be reached \(ECONNREFUSED\): check the endpoint/);
    const wrapped = Object.assign(new Error('socket failed'), { name: 'Error', cause: refused });
    expect(plainError(wrapped)?.status).toBe(503);
  });

  it('missing or refused credentials say where to set them (409)', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(plainError(missing)).toMatchObject({ status: 409, transient: false });
    expect(plainReason(missing)).toMatch(/No S3 credentials were found: .*Settings → S3/);
    expect(plainReason({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } })).toMatch(/access key/);
    expect(plainReason({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } })).toMatch(/bucket does not exist/);
  });

  it('a locked library is a 503 "try again in a moment", not "SqliteError database is locked"', () => {
    const locked = sqlite('SQLITE_BUSY', 'database is locked');
    expect(plainError(locked)).toMatchObject({ status: 503, transient: true });
    const reply = errorReply(locked);
    expect(reply.status).toBe(503);
    expect(reply.internal).toBe(false);
    expect(reply.body.error).not.toMatch(/Sqlite|locked/);
    expect(plainError(sqlite('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed'))).toBeNull();
  });

  it('a full disk is a 507 "disk_full" saying to free space, whatever wrote (file system or SQLite)', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    for (const error of [
      enospc,
      sqlite('SQLITE_FULL', 'database or disk is full'),
      Object.assign(new Error('copy failed'), { cause: enospc }),
      new AggregateError([new Error('other'), enospc], 'two meetings failed'),
    ]) {
      const reply = errorReply(error);
      expect(reply).toMatchObject({ status: 507, internal: false, body: { code: 507, reason: 'disk_full' } });
      expect(reply.body.error).toMatch(/disk that holds the library is full\. Free some space/);
    }
    expect(plainReason(Object.assign(new Error('EDQUOT'), { code: 'EDQUOT' }))).toMatch(/quota/);
    expect(plainError(Object.assign(new Error('EFBIG'), { code: 'EFBIG' }))).toMatchObject({ status: 507 });
    expect(storeUnavailable('write the manifest', enospc).details.reason).toBe('disk_full');
    // A failing disk is not a full one.
    expect(plainError(sqlite('SQLITE_IOERR_WRITE', 'disk I/O error'))?.status).toBe(503);
  });

  it('anything else stays an internal error; ApiErrors pass through', () => {
    expect(errorReply(new TypeError('x is undefined')).status).toBe(500);
    const api = new ApiError(409, 'S3 is not configured');
    expect(storeUnavailable('list', api)).toBe(api);
    const down = storeUnavailable('list the bucket', { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(down.status).toBe(503);
    expect(down.message).toMatch(/^Could not list the bucket: The S3 store is busy or down/);
    expect(down.details.reason).toBe('store_unavailable');
  });
});
