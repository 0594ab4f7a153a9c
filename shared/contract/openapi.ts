/**
 * OpenAPI 3.1 computed from the catalogue (committed as openapi.json; a test fails when it drifts). Pure: zod's
 * own JSON Schema export does the schema work, this file only lays operations out as paths and parameters.
 */
import { z } from 'zod';
import { RAW_ROUTES, type RawRoute } from './raw-routes.js';
import { listOperations, pathParams, type Catalogue, type Operation } from './operation.js';

type JsonSchema = { [key: string]: unknown; properties?: Record<string, JsonSchema>; required?: string[] };

function schemaOf(type: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const schema = z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete schema.$schema;
  return schema;
}

const errorSchema = {
  type: 'object',
  required: ['error', 'code'],
  properties: { error: { type: 'string' }, code: { type: 'integer' }, field: { type: 'string' } },
  additionalProperties: true,
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  system: 'Health and library statistics',
  sessions: 'The session library: list, import, edit, delete, export',
  analysis: 'Analysis of library sessions and signed media links',
  review: 'Transcripts and markers',
  video: 'The asynchronous video-analysis API for other tools',
  settings: 'App settings (admin)',
  raw: 'Byte streams: events, recordings, analysis artifacts',
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operationObject(namespace: string, name: string, op: Operation) {
  const input = schemaOf(op.input, 'input');
  const props = input.properties ?? {};
  const required = new Set(input.required ?? []);
  const inPath = new Set(pathParams(op.path));
  const parameters: Record<string, unknown>[] = [...inPath].map((p) => ({
    name: p,
    in: 'path',
    required: true,
    schema: props[p] ?? { type: 'string' },
  }));
  const rest = Object.entries(props).filter(([key]) => !inPath.has(key));
  let requestBody: Record<string, unknown> | undefined;
  if (op.method === 'GET' || op.method === 'DELETE') {
    for (const [key, schema] of rest) parameters.push({ name: key, in: 'query', required: required.has(key), schema });
  } else {
    const body: JsonSchema = { type: 'object', properties: Object.fromEntries(rest), additionalProperties: false };
    const bodyRequired = [...required].filter((k) => !inPath.has(k));
    if (bodyRequired.length) body.required = bodyRequired;
    const content: Record<string, unknown> = { 'application/json': { schema: body } };
    if (op.multipartFile) {
      const fields = op.multipartFields ? schemaOf(op.multipartFields, 'input') : body;
      content['multipart/form-data'] = {
        schema: {
          ...fields,
          properties: { ...fields.properties, [op.multipartFile]: fileSchema(op.multipartMaxFiles ?? 1) },
          required: [...(fields.required ?? []), op.multipartFile],
        },
      };
    }
    requestBody = { required: true, content };
  }
  const status = String(op.status ?? 200);
  const success =
    status === '204'
      ? { description: 'Done; no body' }
      : {
          description: 'Success',
          content: { [op.produces ?? 'application/json']: { schema: schemaOf(op.output, 'output') } },
        };
  const responses: Record<string, unknown> = { [status]: success, '400': errorResponse('Bad input; names the field') };
  if (op.access !== 'public') responses['401'] = errorResponse('Missing or invalid token');
  // Every route refuses a foreign Host or Origin, public ones included.
  responses['403'] = errorResponse('Not allowed for this token, host or origin');
  if (inPath.size > 0) responses['404'] = errorResponse('Unknown id');
  // Any request may carry a body or oversized headers, whatever the route takes: the server answers these anywhere.
  responses['413'] = errorResponse('The request body is larger than allowed');
  responses['415'] = errorResponse('Unsupported content type (JSON, or multipart where a file is taken)');
  // The multipart parser refuses a form field that declares `Content-Type: application/json` but is not JSON.
  if (op.multipartFile) responses['406'] = errorResponse('A form field sent as application/json is not valid JSON');
  responses['431'] = errorResponse('The request headers (or URL) are larger than allowed');
  // Whatever writes (a file, a library row) may meet a full disk: answered in plain words, never a 500 (issue 19).
  if (op.method !== 'GET')
    responses['507'] = errorResponse(
      'The disk that holds the library is full (`reason: "disk_full"`): free some space, then try again',
    );
  for (const [code, description] of Object.entries(op.errors ?? {})) responses[code] = errorResponse(description);
  return {
    operationId: `${namespace}.${name}`,
    summary: op.summary,
    tags: [namespace],
    ...(op.access === 'public' ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export function buildOpenApi(catalogue: Catalogue, info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { namespace, name, operation } of listOperations(catalogue)) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method.toLowerCase()] = operationObject(namespace, name, operation);
  }
  for (const [name, route] of Object.entries(RAW_ROUTES)) {
    const params = pathParams(route.path).map((p) => ({
      name: p,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.signed) {
      params.push(
        { name: 'exp', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'sig', in: 'query', required: false, schema: { type: 'string' } },
      );
    }
    paths[route.path] = {
      get: {
        operationId: `raw.${name}`,
        summary: route.summary,
        tags: ['raw'],
        ...(params.length ? { parameters: params } : {}),
        // A signed URL (exp + sig) stands in for the bearer token on media routes: players cannot send headers.
        ...(route.signed ? { security: [{ bearer: [] }, { signedUrl: [] }] } : {}),
        responses: {
          '200': { description: route.produces, content: { [route.produces]: {} } },
          ...(route.signed ? { '206': { description: 'Partial content (Range)' } } : {}),
          '400': errorResponse('A malformed path or query'),
          '401': errorResponse('Missing or invalid token, or an expired or invalid signature'),
          '403': errorResponse('Not allowed for this token, host or origin'),
          ...(params.length ? { '404': errorResponse('Unknown id or file') } : {}),
          '415': errorResponse('Unsupported content type'),
          '431': errorResponse('The request headers (or URL) are larger than allowed'),
          ...(route.signed ? { '416': { description: 'The requested range is not satisfiable' } } : {}),
          ...Object.fromEntries(
            Object.entries((route as RawRoute).errors ?? {}).map(([status, text]) => [status, errorResponse(text)]),
          ),
        },
      },
    };
  }
  const namespaces = [...new Set(listOperations(catalogue).map((o) => o.namespace))];
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description: 'The Filmroom local API. Generated from shared/contract; do not edit by hand.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Filmroom' },
    },
    servers: [{ url: 'http://127.0.0.1:47800' }],
    security: [{ bearer: [] }],
    tags: [
      ...namespaces.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name })),
      { name: 'raw', description: TAG_DESCRIPTIONS.raw },
    ],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        signedUrl: {
          type: 'apiKey',
          in: 'query',
          name: 'sig',
          description: 'With `exp`: a signed URL from GET /api/v1/sessions/{id}/media-url, valid for its resource only',
        },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

/** One file, or (a field that may repeat) an array of them: OpenAPI's way to say "the field, up to N times". */
function fileSchema(maxFiles: number): JsonSchema {
  const file = { type: 'string', format: 'binary' };
  if (maxFiles <= 1) return file;
  return {
    type: 'array',
    items: file,
    minItems: 1,
    maxItems: maxFiles,
    description: `the field repeated, up to ${maxFiles} files that belong together (grouped like a folder import)`,
  };
}
