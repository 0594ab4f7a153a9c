/**
 * Store, SDK and database errors in plain words, with what to do. One place translates them: the HTTP/IPC error
 * replies (so no route answers 500 or raw `SqliteError …` / `CredentialsProviderError …` text for them), the S3
 * "Test connection" probe, and the reasons uploads, offloads and bucket syncs record.
 *
 * `unavailable` errors (the store cannot be reached, is throttling or down, the library is busy) are worth trying
 * again later: 503. Errors of configuration (credentials, permissions, bucket name) need the admin: 409. A full disk
 * (ENOSPC, EDQUOT, EFBIG from a file write, SQLITE_FULL from the library database) is 507 Insufficient Storage with
 * `reason: "disk_full"`: the user frees space, then tries again (issue 19).
 */
import { ApiError } from '../../shared/contract/errors.js';

export interface PlainError {
  status: 409 | 503 | 507;
  /** What happened and what to do, in one or two sentences. */
  message: string;
  /** True when trying again later may succeed (the store or the library is down or busy). */
  transient: boolean;
  /** A machine-readable reason for the error body (`disk_full`), when the status alone does not say it. */
  reason?: string;
}

interface Raw {
  name?: string;
  code?: string | number;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  Code?: string;
  cause?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const THROTTLED = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'ServiceUnavailable', 'InternalError']);

const retry = 'Filmroom keeps what it has and tries again later; you can also retry now.';

function networkCode(e: Raw): string | undefined {
  for (let cur: Raw | undefined = e, depth = 0; cur && depth < 4; cur = cur.cause as Raw | undefined, depth++) {
    const code = typeof cur.code === 'string' ? cur.code : undefined;
    if (code && NETWORK_CODES.has(code)) return code;
    const m = /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)\b/.exec(
      cur.message ?? '',
    );
    if (m) return m[1];
  }
  return undefined;
}

function s3Error(e: Raw): PlainError | null {
  const name = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const net = networkCode(e);
  if (net || name === 'TimeoutError' || /socket hang up|premature close/i.test(e.message ?? ''))
    return {
      status: 503,
      transient: true,
      message: `The S3 store cannot be reached (${net ?? 'no answer'}): check the endpoint in Settings → S3 and the network. ${retry}`,
    };
  if (THROTTLED.has(name) || (status !== undefined && (status >= 500 || status === 429)))
    return {
      status: 503,
      transient: true,
      message: `The S3 store is busy or down (${name || 'HTTP ' + status}). ${retry}`,
    };
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? ''))
    return {
      status: 409,
      transient: false,
      message:
        'No S3 credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) where ' +
        'Filmroom runs and restart it, or, in the desktop app, enter an access key in Settings → S3.',
    };
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch')
    return {
      status: 409,
      transient: false,
      message: 'The S3 store refused the access key or secret: check both in Settings → S3.',
    };
  if (name === 'ExpiredToken' || name === 'TokenRefreshRequired')
    return {
      status: 409,
      transient: false,
      message: 'The S3 session token has expired: refresh the credentials (aws sso login, or new keys).',
    };
  if (name === 'NoSuchBucket')
    return {
      status: 409,
      transient: false,
      message: 'The bucket does not exist on this store: check the bucket name and region in Settings → S3.',
    };
  if (name === 'AccessDenied' || status === 403)
    return {
      status: 409,
      transient: false,
      message: 'The S3 store denied access: the key needs read, write, list and delete rights on the bucket prefix.',
    };
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed')
    return {
      status: 409,
      transient: false,
      message: 'The bucket is in another region: set the right region in Settings → S3.',
    };
  return null;
}

/** File-system errors that mean "no room to write" (a full disk, a used-up quota, a file-size limit). */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL']);

const FREE_SPACE =
  'Free some space (empty the trash, offload recordings backed up to S3, or delete what you no longer need), ' +
  'then try again.';

/**
 * The disk-full code of `error`, its causes, or the errors an AggregateError gathers (a folder import's), if any:
 * ENOSPC, EDQUOT, EFBIG or SQLITE_FULL.
 */
export function diskFullCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const e = error as Raw & { errors?: unknown[] };
  const code = typeof e.code === 'string' ? e.code : '';
  if (DISK_FULL_CODES.has(code)) return code;
  if (code.startsWith('SQLITE_FULL')) return 'SQLITE_FULL';
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = diskFullCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function diskFullError(e: Raw): PlainError | null {
  const code = diskFullCode(e);
  if (!code) return null;
  const message =
    code === 'EDQUOT'
      ? `Your disk quota on the disk that holds the library is used up. ${FREE_SPACE} Or ask for a larger quota.`
      : code === 'EFBIG'
        ? 'The file is larger than the disk that holds the library allows for one file: move the library to a ' +
          'disk without that limit, then try again.'
        : `The disk that holds the library is full. ${FREE_SPACE}`;
  return { status: 507, transient: true, message, reason: 'disk_full' };
}

function sqliteError(e: Raw): PlainError | null {
  if (e.name !== 'SqliteError' && !/^SQLITE_/.test(String(e.code ?? ''))) return null;
  const code = String(e.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return {
      status: 503,
      transient: true,
      message: 'The library is busy with another change; try again in a moment.',
    };
  if (code.startsWith('SQLITE_IOERR'))
    return {
      status: 503,
      transient: true,
      message: 'The library could not be written: the disk is full or failing. Free some space, then try again.',
    };
  if (code.startsWith('SQLITE_READONLY'))
    return {
      status: 503,
      transient: false,
      message: 'The library file is read-only: check the data folder permissions.',
    };
  return null;
}

/** The plain version of a store, SDK or database error; null for anything else (a real defect). */
export function plainError(error: unknown): PlainError | null {
  if (!error || typeof error !== 'object' || error instanceof ApiError) return null;
  const e = error as Raw;
  return diskFullError(e) ?? sqliteError(e) ?? s3Error(e);
}

/** The error's plain message, or the raw one in a line when it is not one we know (never credentials). */
export function plainReason(error: unknown): string {
  const plain = plainError(error);
  if (plain) return plain.message;
  const e = error as Raw;
  const status = e?.$metadata?.httpStatusCode;
  const name = e?.name && e.name !== 'Error' ? e.name : typeof e?.code === 'string' ? e.code : undefined;
  const message = e?.message && e.message !== 'UnknownError' ? e.message : '';
  return [name, status ? `(HTTP ${status})` : '', message].filter(Boolean).join(' ').slice(0, 500) || 'unknown error';
}

/** An ApiError for a store failure during `action` (503 when it may pass, 409 when the settings need fixing). */
export function storeUnavailable(action: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const plain = plainError(error);
  return new ApiError(plain?.status ?? 409, `Could not ${action}: ${plainReason(error)}`, {
    reason: plain?.reason ?? (plain?.transient ? 'store_unavailable' : 'store_error'),
  });
}

/** Runs `fn`, turning any store failure into `storeUnavailable(action, …)`. */
export async function withStoreErrors<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw storeUnavailable(action, error);
  }
}

/** The contract's error body for a plain error: `{ error, code }`, plus `reason` when it has one (`disk_full`). */
export function plainBody(plain: PlainError): { error: string; code: number; reason?: string } {
  return { error: plain.message, code: plain.status, ...(plain.reason ? { reason: plain.reason } : {}) };
}
