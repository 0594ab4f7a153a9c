/**
 * Malformed requests generated from the committed openapi.json (fast-check arbitraries): every operation gets
 * hostile path ids, query values and bodies — wrong types, bad escapes, over-long strings, broken JSON, wrong
 * content types, forms without boundaries — under admin, coach, missing and forged tokens.
 *
 * Generated values are malformed on purpose, never a valid absolute path or a `true`: a valid folder import of
 * `/` or a settings change turning watch folders on would make the run about something else.
 */
import fc from 'fast-check';

export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
  takesBody: boolean;
  multipart: boolean;
  declared: Set<number>;
}

export interface FuzzRequest {
  operationId: string;
  method: string;
  path: string;
  token: 'admin' | 'coach' | 'none' | 'forged';
  headers: Record<string, string>;
  body?: string;
}

type Spec = { paths: Record<string, Record<string, Record<string, unknown>>> };

export function operationsOf(spec: Spec): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as { name: string; in: string }[];
      const content = (op.requestBody as { content?: Record<string, { schema?: { properties?: object } }> })?.content;
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId as string,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: Object.keys(content?.['application/json']?.schema?.properties ?? {}),
        takesBody: content !== undefined,
        multipart: content?.['multipart/form-data'] !== undefined,
        declared: new Set(Object.keys(op.responses as object).map(Number)),
      });
    }
  }
  return out;
}

/** Text that is never a usable absolute path or URL (prefixed), plus classic hostile strings. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 24 }).map((s) => `x${s}`),
  fc.constantFrom(
    '%',
    '%zz',
    '%c0%ae',
    '../../etc/passwd',
    '\u0000',
    '\ud800',
    '<script>',
    "' OR 1=1 --",
    'ses_zzzzzzzzzzzzzzzzzzzz',
    'http://127.0.0.1:9/%',
    'ftp://example.invalid/x',
    'javascript:alert(1)',
    '-1',
    '1e300',
    'NaN',
    '0.5',
    '',
  ),
  fc.constant('y'.repeat(5000)),
);

/** A wrong-shaped JSON value for any field: never `true` (see the header). */
const malformedValue = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  fc.constant(false),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

/** Percent-encodes, sending a lone surrogate (which encodeURIComponent refuses) as its raw UTF-8-ish bytes. */
const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};

const pathId = (realIds: string[]) =>
  fc.oneof(
    fc.constantFrom(...realIds),
    fc.constantFrom('%', '%zz', '%c0%ae', '..', '%2e%2e%2f', 'a'.repeat(150), '%00', 'ses_%ff'),
    fc.string({ minLength: 1, maxLength: 40 }).map(encode),
  );

const queryValue = fc.oneof(hostileText, fc.integer().map(String));

const jsonBody = (fields: string[]) =>
  fc
    .tuple(
      fc.subarray(fields),
      fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
      fc.array(malformedValue, { minLength: fields.length + 1, maxLength: fields.length + 1 }),
    )
    .map(([chosen, extra, values]) => {
      const body: Record<string, unknown> = {};
      chosen.forEach((f, i) => (body[f] = values[i]));
      if (extra !== undefined) body[`unknown_${extra}`] = values[fields.length];
      return JSON.stringify(body);
    });

const rawBody = fc.oneof(
  fc.record({
    type: fc.constant('application/json'),
    body: fc.constantFrom('{', '', 'null', '[]', '"x"', '{"a":', '1'),
  }),
  fc.record({
    type: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'image/png'),
    body: fc.string({ maxLength: 40 }),
  }),
  fc.record({
    type: fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=XX', 'multipart/form-data; boundary='),
    body: fc.constantFrom('', 'x', '--XX\r\n', '--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--XX--'),
  }),
);

const token = fc.constantFrom('admin', 'admin', 'admin', 'coach', 'coach', 'coach', 'none', 'forged') as fc.Arbitrary<
  FuzzRequest['token']
>;

export function requestFor(op: SpecOperation, realIds: string[]): fc.Arbitrary<FuzzRequest> {
  const params = fc.tuple(...op.pathParams.map(() => pathId(realIds)));
  const query = fc.tuple(
    fc.subarray(op.queryParams),
    fc.array(queryValue, { minLength: op.queryParams.length + 1, maxLength: op.queryParams.length + 1 }),
    fc.option(
      fc.string({ minLength: 1, maxLength: 6 }).map((k) => `zz_${k}`),
      { nil: undefined },
    ),
  );
  const body: fc.Arbitrary<{ type: string; body: string } | undefined> = op.takesBody
    ? fc.oneof(
        jsonBody(op.bodyFields).map((b) => ({ type: 'application/json', body: b })),
        rawBody,
      )
    : fc.oneof(fc.constant(undefined), rawBody);
  return fc.tuple(params, query, body, token).map(([ids, [chosen, values, unknownKey], payload, who]) => {
    let path = op.path;
    op.pathParams.forEach((p, i) => (path = path.replace(`{${p}}`, ids[i]!)));
    const qs = chosen.map((k, i) => `${k}=${encode(values[i]!)}`);
    if (unknownKey) qs.push(`${unknownKey}=1`);
    const headers: Record<string, string> = {};
    if (payload) headers['content-type'] = payload.type;
    return {
      operationId: op.operationId,
      method: op.method,
      path: qs.length ? `${path}?${qs.join('&')}` : path,
      token: who,
      headers,
      body: op.method === 'GET' || op.method === 'HEAD' ? undefined : payload?.body,
    };
  });
}
