/**
 * Computes a `FilmroomClient` by walking the operation catalogue: one method per operation, each forwarding to a
 * transport's `call`. Nothing here knows an operation by name, so a new operation in `shared/contract` appears on
 * every client with no renderer change (after Signal's Interface.std.ts).
 */
import {
  contract,
  listOperations,
  type CallOptions,
  type CatalogueEntry,
  type FilmroomClient,
} from '../../shared/contract/index.js';

/** How one transport performs one operation: HTTP request, IPC invoke, or a test double. */
export type OperationCall = (
  entry: CatalogueEntry,
  input: Record<string, unknown>,
  options?: CallOptions,
) => Promise<unknown>;

type UntypedClient = Record<string, Record<string, (input?: unknown, options?: CallOptions) => Promise<unknown>>>;

export function clientFromCatalogue(call: OperationCall): FilmroomClient {
  const client: UntypedClient = {};
  for (const entry of listOperations(contract)) {
    const namespace = (client[entry.namespace] ??= {});
    namespace[entry.name] = (input?: unknown, options?: CallOptions) => call(entry, toRecord(input), options);
  }
  // The catalogue walk above produces exactly the shape ClientOf<Contract> describes; TypeScript cannot follow a
  // runtime walk, so this is the one place the computed object meets its static type.
  return client as unknown as FilmroomClient;
}

function toRecord(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new TypeError('Operation input must be an object');
  return input as Record<string, unknown>;
}
