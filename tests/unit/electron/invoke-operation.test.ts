import { describe, expect, it, vi } from 'vitest';
import { ApiError, contract, listOperations, notFound, type CatalogueEntry } from '../../../shared/contract/index.js';
import { toApiError } from '../../../main/platform/operation-input.js';
import {
  createOperationInvoker,
  INTERNAL_ERROR_MESSAGE,
  lookupHandler,
  type UntypedHandlers,
} from '../../../main/ipc/invoke-operation.js';
import { isIpcErrorEnvelope } from '../../../shared/contract/bridge.js';

type Ctx = { actor: { role: 'admin' } };
const ctx: Ctx = { actor: { role: 'admin' } };

function entry(channel: string): CatalogueEntry {
  const found = listOperations(contract).find((e) => e.channel === channel);
  if (!found) throw new Error(`no ${channel}`);
  return found;
}

function invoker(channel: string, handler: (input: unknown, ctx: Ctx) => unknown, logError = vi.fn()) {
  const e = entry(channel);
  const handlers: UntypedHandlers<Ctx> = { [e.namespace]: { [e.name]: handler } };
  return { invoke: createOperationInvoker(e, { handlers, context: () => ctx, logError }), logError };
}

describe('IPC operation invoker', () => {
  it('passes the parsed input (defaults applied) and the desktop context', async () => {
    const handler = vi.fn((input: unknown) => ({ echoed: input }));
    const { invoke } = invoker('sessions:list', handler);
    const result = await invoke({ q: '  smith  ' });
    expect(handler).toHaveBeenCalledWith(expect.objectContaining({ q: 'smith', exclude_failed: true, limit: 50 }), ctx);
    expect(result).toEqual({ echoed: expect.objectContaining({ sort: '-recorded_at' }) });
  });

  it('accepts a missing input for operations without fields', async () => {
    const { invoke } = invoker('system:health', () => ({ status: 'ok' }));
    expect(await invoke(undefined)).toEqual({ status: 'ok' });
  });

  it('answers invalid input with the same 400 body as HTTP, without calling the handler', async () => {
    const handler = vi.fn();
    const { invoke } = invoker('sessions:list', handler);
    const bad = { limit: 9999 };
    const result = await invoke(bad);
    const parsed = entry('sessions:list').operation.input.safeParse(bad);
    if (parsed.success) throw new Error('expected failure');
    expect(result).toEqual({ __filmroomError: toApiError(parsed.error).toBody() });
    expect(result).toMatchObject({
      __filmroomError: { code: 400, field: 'limit', error: expect.stringMatching(/^Invalid 'limit': /) },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses unknown fields as HTTP does', async () => {
    const { invoke } = invoker('sessions:get', vi.fn());
    expect(await invoke({ id: 'x', extra: 1 })).toMatchObject({ __filmroomError: { code: 400, field: 'extra' } });
  });

  it('resolves ApiErrors to their body', async () => {
    const { invoke } = invoker('sessions:get', () => {
      throw notFound('Session', { id: 'abc' });
    });
    const result = await invoke({ id: 'abc' });
    expect(isIpcErrorEnvelope(result)).toBe(true);
    expect(result).toEqual({ __filmroomError: new ApiError(404, 'Session not found', { id: 'abc' }).toBody() });
  });

  it('hides unexpected errors behind a logged 500', async () => {
    const secret = new Error('SQLITE_CORRUPT at /home/coach/library.db');
    const { invoke, logError } = invoker('system:stats', async () => {
      throw secret;
    });
    const result = await invoke({});
    expect(result).toEqual({ __filmroomError: { error: INTERNAL_ERROR_MESSAGE, code: 500 } });
    expect(JSON.stringify(result)).not.toContain('SQLITE');
    expect(logError).toHaveBeenCalledWith('system:stats', secret);
  });

  it('refuses to register an operation without a handler', () => {
    expect(() => lookupHandler<Ctx>({}, entry('sessions:remove'))).toThrow(/No handler for operation sessions:remove/);
  });
});
