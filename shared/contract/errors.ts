/**
 * Errors every transport understands. The HTTP body is `{ error, code, ...details }` (docs/api.md); IPC carries the same
 * object, so the renderer shows the same message whichever transport it uses.
 */
export interface ErrorBody {
  error: string;
  code: number;
  [detail: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return { error: this.message, code: this.status, ...this.details };
  }

  static fromBody(body: ErrorBody): ApiError {
    const { error, code, ...details } = body;
    return new ApiError(code, error, details);
  }
}

export const badRequest = (field: string, message: string) =>
  new ApiError(400, `Invalid '${field}': ${message}`, { field });
export const unauthorized = (message = 'Missing or invalid token') => new ApiError(401, message);
export const forbidden = (message = 'Not allowed') => new ApiError(403, message);
export const notFound = (what: string, details: Record<string, unknown> = {}) =>
  new ApiError(404, `${what} not found`, details);
export const conflict = (message: string, details: Record<string, unknown> = {}) => new ApiError(409, message, details);
export const unprocessable = (message: string, details: Record<string, unknown> = {}) =>
  new ApiError(422, message, details);

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).error === 'string' &&
    typeof (value as ErrorBody).code === 'number'
  );
}
