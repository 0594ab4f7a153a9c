import { describe, expect, it, vi } from 'vitest';
import { ApiError, channelName, contract, listOperations } from '../../../shared/contract/index.js';
import { createHttpClient } from '../../../renderer/api/http-client.js';
import { createIpcClient } from '../../../renderer/api/ipc-client.js';

const asRecord = (client: object) => client as Record<string, Record<string, unknown>>;

describe('clients computed from the catalogue', () => {
  it('have exactly one method per operation, on both transports', () => {
    const http = asRecord(createHttpClient({ baseUrl: '', token: null, fetch: vi.fn() }));
    const ipc = asRecord(createIpcClient({ invoke: vi.fn() }));
    for (const { namespace, name } of listOperations(contract)) {
      expect(typeof http[namespace]?.[name]).toBe('function');
      expect(typeof ipc[namespace]?.[name]).toBe('function');
    }
    expect(Object.keys(http).sort()).toEqual(Object.keys(contract).sort());
  });

  it('HTTP: builds the request from the operation and parses the answer', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:1', token: 'tok', fetch });
    await expect(client.sessions.remove({ id: 'ses_1' })).resolves.toBeNull();
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:1/api/v1/sessions/ses_1', {
      method: 'DELETE',
      headers: { accept: 'application/json', authorization: 'Bearer tok' },
      body: undefined,
    });
  });

  it('HTTP: an error body becomes an ApiError; no answer at all becomes status 0', async () => {
    const notFound = createHttpClient({
      baseUrl: '',
      token: 't',
      fetch: async () => Response.json({ error: 'Session not found', code: 404 }, { status: 404 }),
    });
    await expect(notFound.sessions.get({ id: 'x' })).rejects.toMatchObject({
      status: 404,
      message: 'Session not found',
    });
    const down = createHttpClient({
      baseUrl: '',
      token: 't',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(down.system.stats({})).rejects.toMatchObject({ status: 0 });
  });

  it('IPC: invokes the derived channel and unwraps __filmroomError', async () => {
    const invoke = vi.fn(async (channel: string) =>
      channel === channelName('sessions', 'remove')
        ? { __filmroomError: { error: 'Not allowed', code: 403 } }
        : { items: [] },
    );
    const client = createIpcClient({ invoke });
    await expect(client.sessions.list({ limit: 5 })).resolves.toEqual({ items: [] });
    expect(invoke).toHaveBeenCalledWith('sessions:list', { limit: 5 });
    const failure = await client.sessions.remove({ id: 'a' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 403, message: 'Not allowed' });
  });

  it('IPC: undefined (a 204 operation) is null, like HTTP', async () => {
    const client = createIpcClient({ invoke: async () => undefined });
    await expect(client.sessions.remove({ id: 'a' })).resolves.toBeNull();
  });
});
