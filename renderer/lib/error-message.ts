/** Turns anything thrown by a client call into one sentence a coach can read. */
import { ApiError } from '../../shared/contract/index.js';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'Cannot reach Filmroom. Is it still running?';
    if (error.status === 401)
      return 'Your access token is missing or no longer valid. Open Filmroom again from the link it printed.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
