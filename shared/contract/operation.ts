/**
 * The shape of one operation in the catalogue. IPC channels, HTTP routes, the OpenAPI document, the preload bridge
 * and the renderer client are all computed from these records (after Signal's Interface.std.ts): nothing about an
 * operation is written twice.
 */
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** public: no token; user: any valid token (coach tokens see only their sessions); admin: admin tokens only. */
export type Access = 'public' | 'user' | 'admin';

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly method: HttpMethod;
  /** OpenAPI-style path; `{name}` segments are filled from the input field of the same name. */
  readonly path: string;
  readonly summary: string;
  readonly access: Access;
  /** Everything the caller sends (path, query and body fields together), validated at both transports. */
  readonly input: I;
  readonly output: O;
  /** Success status; 204 operations answer with no body. */
  readonly status?: 200 | 202 | 204;
  /** When the success status depends on the answer (e.g. 202 queued vs 200 nothing to do); HTTP only. */
  readonly statusOf?: (result: unknown) => 200 | 202;
  /** `text/csv` operations return the document as a string. */
  readonly produces?: 'application/json' | 'text/csv';
  /** Also accepts `multipart/form-data` with a file in this field (HTTP only). */
  readonly multipartFile?: string;
  /**
   * How many files that field may carry in one form (default 1). More than one: the files of one upload belong
   * together (a recording with its transcript) and the handler reads them all before answering.
   */
  readonly multipartMaxFiles?: number;
  /** The form fields sent with that file, when they differ from `input` (e.g. no `path` with an upload). */
  readonly multipartFields?: z.ZodType;
  /** Error statuses particular to this operation (409 duplicate, 422 nothing importable…), for the OpenAPI document. */
  readonly errors?: Readonly<Record<number, string>>;
}

export function operation<I extends z.ZodType, O extends z.ZodType>(def: Operation<I, O>): Operation<I, O> {
  return def;
}

export type Catalogue = Record<string, Record<string, Operation>>;

/** What a caller passes (query strings allowed where the transport is HTTP). */
export type OperationInput<O> = O extends Operation<infer I, z.ZodType> ? z.input<I> : never;
/** What a handler receives after validation and defaults. */
export type OperationArgs<O> = O extends Operation<infer I, z.ZodType> ? z.output<I> : never;
export type OperationResult<O> = O extends Operation<z.ZodType, infer R> ? z.output<R> : never;

/** How one call is made: `signal` abandons it (the HTTP transport aborts the request; IPC drops the answer). */
export interface CallOptions {
  signal?: AbortSignal;
}

/** A client with one async method per operation: `client.sessions.list({...})`. */
export type ClientOf<C extends Catalogue> = {
  [N in keyof C]: {
    [M in keyof C[N]]: (input: OperationInput<C[N][M]>, options?: CallOptions) => Promise<OperationResult<C[N][M]>>;
  };
};

/** The main side: one handler per operation, given the validated input and the caller's context. */
export type HandlersOf<C extends Catalogue, Ctx> = {
  [N in keyof C]: {
    [M in keyof C[N]]: (
      input: OperationArgs<C[N][M]>,
      ctx: Ctx,
    ) => Promise<OperationResult<C[N][M]>> | OperationResult<C[N][M]>;
  };
};

export interface CatalogueEntry {
  namespace: string;
  name: string;
  /** IPC channel, derived: `namespace:name`. */
  channel: string;
  operation: Operation;
}

export function channelName(namespace: string, name: string): string {
  return `${namespace}:${name}`;
}

export function listOperations(catalogue: Catalogue): CatalogueEntry[] {
  return Object.entries(catalogue).flatMap(([namespace, ops]) =>
    Object.entries(ops).map(([name, op]) => ({
      namespace,
      name,
      channel: channelName(namespace, name),
      operation: op,
    })),
  );
}

/** Names of the `{param}` segments of a path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g)].map((m) => m[1] as string);
}
