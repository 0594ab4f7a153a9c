/**
 * Pure translation of (operation, input) into an HTTP request and of a response body into a result or an ApiError.
 * Kept free of `fetch` so the URL and body rules are unit-tested in Node.
 */
import { ApiError, isErrorBody, pathParams, type Operation } from '../../shared/contract/index.js';

export interface HttpRequestSpec {
  url: string;
  method: Operation['method'];
  headers: Record<string, string>;
  body?: string;
}

/** GET and DELETE carry their input in the query string (docs/api.md: bulk delete takes query filters). */
export function sendsQuery(method: Operation['method']): boolean {
  return method === 'GET' || method === 'DELETE';
}

export function buildHttpRequest(
  operation: Pick<Operation, 'method' | 'path' | 'produces'>,
  input: Record<string, unknown>,
  baseUrl: string,
  token: string | null,
): HttpRequestSpec {
  const rest: Record<string, unknown> = { ...input };
  let path = operation.path;
  for (const name of pathParams(operation.path)) {
    const value = rest[name];
    if (value === undefined || value === null || value === '') {
      throw new ApiError(400, `Invalid '${name}': required`, { field: name });
    }
    path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    delete rest[name];
  }
  const headers: Record<string, string> = {
    accept: operation.produces === 'text/csv' ? 'text/csv' : 'application/json',
  };
  if (token) headers.authorization = `Bearer ${token}`;
  const base = baseUrl.replace(/\/+$/, '');
  if (sendsQuery(operation.method)) {
    const query = toQueryString(rest);
    return { url: `${base}${path}${query ? `?${query}` : ''}`, method: operation.method, headers };
  }
  headers['content-type'] = 'application/json';
  return { url: `${base}${path}`, method: operation.method, headers, body: JSON.stringify(dropUndefined(rest)) };
}

/** Query spelling of typed values: undefined/null omitted, arrays repeated, objects as JSON. */
export function toQueryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) params.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item));
  }
  return params.toString();
}

function dropUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

/** What the transport read from the response, before interpretation. */
export interface HttpResponseParts {
  status: number;
  statusText: string;
  contentType: string | null;
  text: string;
}

/** 204 → null; text/csv → the text; JSON otherwise; non-2xx → ApiError from the docs/api.md error body. */
export function interpretResponse(parts: HttpResponseParts): unknown {
  const isCsv = parts.contentType?.toLowerCase().startsWith('text/csv') ?? false;
  if (parts.status >= 200 && parts.status < 300) {
    if (parts.status === 204 || parts.text === '') return null;
    return isCsv ? parts.text : JSON.parse(parts.text);
  }
  const body = safeJson(parts.text);
  if (isErrorBody(body)) throw ApiError.fromBody(body);
  const message = parts.statusText || `Request failed with status ${parts.status}`;
  throw new ApiError(parts.status, message);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
