/** The soak's HTTP client: never throws; a request the server did not answer (killed, refused) has status 0. */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  ms: number;
}

export interface CallOptions {
  method?: string;
  json?: unknown;
  query?: Record<string, string | number | boolean>;
  /** A file sent as the multipart `file` field. */
  file?: string;
  timeoutMs?: number;
}

export async function call(base: string, token: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const began = Date.now();
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: RequestInit['body'];
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.file) {
    const form = new FormData();
    form.append('file', await openAsBlob(o.file), basename(o.file));
    body = form;
  }
  const qs = o.query
    ? `?${new URLSearchParams(Object.entries(o.query).map(([k, v]): [string, string] => [k, String(v)]))}`
    : '';
  try {
    const res = await fetch(base + path + qs, {
      method: o.method ?? 'GET',
      headers,
      body,
      signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, ms: Date.now() - began };
  } catch (error) {
    return { status: 0, body: { error: (error as Error).message }, ms: Date.now() - began };
  }
}

/** A clear refusal: 4xx or 503 with a JSON `{ error, code }` body. */
export function clearRefusal(a: Answer): boolean {
  return (a.status >= 400 && a.status < 500) || a.status === 503
    ? typeof a.body === 'object' && a.body !== null && typeof a.body.error === 'string'
    : false;
}
