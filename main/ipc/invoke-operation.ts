/**
 * One catalogue operation called over IPC, with exactly the HTTP adapter's validation and error bodies: the input is
 * parsed with the operation's zod schema (400 `Invalid '<field>': …` on failure), ApiErrors become their body, and
 * anything else becomes a generic 500 (the real error is logged, never shown). Failures resolve to
 * `{ __filmroomError: body }` because Electron reduces a rejected Error to its message on the way to the renderer.
 */
import { ApiError, type CatalogueEntry, type ErrorBody, type FilmroomHandlers } from '../../shared/contract/index.js';
import { toApiError } from '../platform/operation-input.js';
import { plainBody, plainError } from '../platform/plain-errors.js';
import type { IpcErrorEnvelope } from '../../shared/contract/bridge.js';

/** A handler as the adapter sees it once the catalogue's per-operation types are erased by walking it. */
export type UntypedHandler<Ctx> = (input: unknown, ctx: Ctx) => unknown;

export type UntypedHandlers<Ctx> = Record<string, Record<string, UntypedHandler<Ctx>> | undefined>;

// The same words the HTTP adapter answers with, so a 500 reads alike whichever transport the renderer used.
export const INTERNAL_ERROR_MESSAGE = 'Internal error; see the Filmroom log';

export function errorEnvelope(body: ErrorBody): IpcErrorEnvelope {
  return { __filmroomError: body };
}

export function lookupHandler<Ctx>(handlers: UntypedHandlers<Ctx>, entry: CatalogueEntry): UntypedHandler<Ctx> {
  const handler = handlers[entry.namespace]?.[entry.name];
  // Checked when IPC is registered, so a missing handler is a start-up error and not a silent 500 later.
  if (typeof handler !== 'function') throw new Error(`No handler for operation ${entry.channel}`);
  return handler;
}

export interface InvokerDeps<Ctx> {
  handlers: UntypedHandlers<Ctx>;
  context: () => Ctx;
  logError: (channel: string, error: unknown) => void;
}

export function createOperationInvoker<Ctx>(entry: CatalogueEntry, deps: InvokerDeps<Ctx>) {
  const handler = lookupHandler(deps.handlers, entry);
  return async (input: unknown): Promise<unknown> => {
    // IPC callers may omit the input of operations that take none; HTTP would send an empty query.
    const parsed = entry.operation.input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) return errorEnvelope(toApiError(parsed.error).toBody());
    try {
      return await handler(parsed.data, deps.context());
    } catch (error) {
      if (error instanceof ApiError) return errorEnvelope(error.toBody());
      const plain = plainError(error); // a store that is down, a busy library: plain words, not a 500
      if (plain) return errorEnvelope(plainBody(plain));
      deps.logError(entry.channel, error);
      return errorEnvelope({ error: INTERNAL_ERROR_MESSAGE, code: 500 });
    }
  };
}

/**
 * The catalogue's handler map, seen per channel. Safe to erase the per-operation input types because every call goes
 * through createOperationInvoker, which parses the input with that same operation's schema first.
 */
export function eraseHandlerTypes<Ctx>(handlers: FilmroomHandlers<Ctx>): UntypedHandlers<Ctx> {
  return handlers as unknown as UntypedHandlers<Ctx>;
}
