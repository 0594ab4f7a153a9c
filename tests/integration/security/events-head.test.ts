/** Issue 11 item 8: `HEAD /api/v1/events` answers (headers, no body) instead of holding the connection forever. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

/** A HEAD request; resolves with the status once the answer has ended, or 'no answer' after `waitMs`. */
function head(path: string, token: string | null, waitMs = 10_000): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: srv.port,
        path,
        method: 'HEAD',
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          clearTimeout(timer);
          resolve(res.statusCode ?? 0);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, waitMs);
    req.on('error', (error) => (timer.hasRef() ? reject(error) : undefined));
    req.end();
  });
}

describe('HEAD /api/v1/events', () => {
  it('answers 200 and ends with a valid token (admin and coach)', async () => {
    expect(await head('/api/v1/events', srv.admin)).toBe(200);
    expect(await head('/api/v1/events', srv.app.tokens.createCoachToken('c1'))).toBe(200);
  });

  it('answers 401 without a token', async () => {
    expect(await head('/api/v1/events', null)).toBe(401);
  });
});
