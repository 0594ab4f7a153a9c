/**
 * The catalogue's handlers, gathered from the modules that own each namespace. Every operation of the catalogue
 * must have exactly one handler: a missing one, or a namespace two modules both claim, fails the start. A module
 * above may extend an operation of one below (`wraps`: the cleanup module turns delete into "move to the trash"
 * when asked), so the lower module never depends on the higher one.
 */
import { contract, type FilmroomHandlers } from '../../shared/contract/index.js';
import { listOperations } from '../../shared/contract/operation.js';
import type { RequestContext } from '../platform/request-context.js';

export function mergeHandlers(
  parts: readonly object[],
  wraps: readonly Readonly<Record<string, (inner: unknown) => unknown>>[] = [],
): FilmroomHandlers<RequestContext> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [namespace, handlers] of Object.entries(part)) {
      if (namespace in merged) throw new Error(`two modules handle the '${namespace}' namespace`);
      merged[namespace] = { ...(handlers as Record<string, unknown>) };
    }
  }
  // A higher module extends a lower module's operation (in module order), never replaces its namespace.
  for (const wrap of wraps) {
    for (const [channel, decorate] of Object.entries(wrap)) {
      const [namespace = '', name = ''] = channel.split(':');
      const inner = merged[namespace]?.[name];
      if (typeof inner !== 'function') throw new Error(`cannot extend ${channel}: no module handles it`);
      merged[namespace]![name] = decorate(inner);
    }
  }
  const missing = listOperations(contract)
    .filter(({ namespace, name }) => typeof merged[namespace]?.[name] !== 'function')
    .map((e) => e.channel);
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(', ')}`);
  return merged as unknown as FilmroomHandlers<RequestContext>;
}
