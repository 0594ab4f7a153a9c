/**
 * The catalogue's handlers, gathered from the modules that own each namespace. Every operation of the catalogue
 * must have exactly one handler: a missing one, or a namespace two modules both claim, fails the start. (A module
 * above completes an operation of one below through a typed option of that module's handlers, never by replacing
 * a handler by its channel name: see gather-handlers.ts.)
 */
import { contract, type FilmroomHandlers } from '../../shared/contract/index.js';
import { listOperations } from '../../shared/contract/operation.js';
import type { RequestContext } from '../platform/request-context.js';

export function mergeHandlers(parts: readonly object[]): FilmroomHandlers<RequestContext> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [namespace, handlers] of Object.entries(part)) {
      if (namespace in merged) throw new Error(`two modules handle the '${namespace}' namespace`);
      merged[namespace] = { ...(handlers as Record<string, unknown>) };
    }
  }
  const missing = listOperations(contract)
    .filter(({ namespace, name }) => typeof merged[namespace]?.[name] !== 'function')
    .map((e) => e.channel);
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(', ')}`);
  return merged as unknown as FilmroomHandlers<RequestContext>;
}
