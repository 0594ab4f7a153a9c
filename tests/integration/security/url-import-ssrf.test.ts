/**
 * Issue 11 item 3: URL imports and SSRF. Coach tokens (and admins without `url_import_allow_local`) fetch only
 * public addresses, checked on the resolved IP at every redirect hop with the connection pinned to that IP; the
 * refusal reads the same whether a port is open or closed; a reply that is not media is deleted, never served.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, type AddressPolicy } from '../../../main/library/download/address-policy.js';
import { pinnedFetch } from '../../../main/library/download/pinned-fetch.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let coach: string;
const servers: Server[] = [];
/** Requests each little server received, by its base URL. */
const hits = new Map<string, string[]>();

/** A real HTTP server on `host` answering every request with `answer(path)`. */
async function httpServer(
  host: string,
  answer: (path: string) => { status: number; headers?: Record<string, string>; body?: string },
): Promise<string> {
  const server = createServer((req, res) => {
    const base = `http://${host}:${(server.address() as AddressInfo).port}`;
    hits.get(base)!.push(req.url ?? '');
    const a = answer(req.url ?? '/');
    res.writeHead(a.status, a.headers).end(a.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  hits.set(base, []);
  return base;
}

let secret: string;
beforeAll(async () => {
  srv = await startTestServer();
  coach = srv.app.tokens.createCoachToken('c1');
  secret = await httpServer('127.0.0.1', () => ({ status: 200, body: 'internal-only secret' }));
});
afterAll(async () => {
  for (const s of servers) s.close();
  await srv?.close();
});

async function importUrl(url: string, token: string): Promise<Loose> {
  const r = await srv.api('/api/v1/sessions/import', { method: 'POST', token, json: { url } });
  expect(r.status, r.text).toBe(202);
  const id = r.body.sessions[0].id as string;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await srv.api(`/api/v1/sessions/${id}`);
    if (s.body.status !== 'importing' && s.body.status !== 'pending') return s.body;
    if (Date.now() > deadline) throw new Error(`import of ${url} did not end`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('coach tokens fetch public addresses only', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]', '[::ffff:127.0.0.1]'])(
    'a coach import of %s fails without connecting',
    async (host) => {
      const port = new URL(secret).port;
      const session = await importUrl(`http://${host}:${port}/file.mp4`, coach);
      expect(session.status).toBe('failed');
      expect(session.status_detail).toMatch(/only public addresses/);
      expect(hits.get(secret)).toEqual([]);
      const media = await srv.api(`/api/v1/sessions/${session.id}/media`, { token: coach });
      expect(media.text).not.toContain('internal-only secret');
    },
  );

  it('the refusal is the same for an open and a closed port', async () => {
    const open = await importUrl(`${secret}/a.mp4`, coach);
    const closed = await importUrl('http://127.0.0.1:9/a.mp4', coach);
    expect(closed.status_detail).toBe(open.status_detail);
  });

  it('an admin without the setting is refused too; with it, the local download runs', async () => {
    const refused = await importUrl(`${secret}/b.mp4`, srv.admin);
    expect(refused.status_detail).toMatch(/only public addresses/);
    expect(hits.get(secret)).toEqual([]);
    const on = await srv.api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: true } });
    expect(on.status, on.text).toBe(200);
    const coachStill = await importUrl(`${secret}/c.mp4`, coach);
    expect(coachStill.status_detail).toMatch(/only public addresses/);
    expect(hits.get(secret)).toEqual([]);

    // Allowed: the reply is not media, so it is deleted and never served.
    const fetched = await importUrl(`${secret}/d.mp4`, srv.admin);
    expect(hits.get(secret)).toEqual(['/d.mp4']);
    expect(fetched.status).toBe('failed');
    const media = await srv.api(`/api/v1/sessions/${fetched.id}/media`);
    expect(media.status).toBe(404);
    expect(media.text).not.toContain('internal-only secret');
    await srv.api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: false } });
  });
});

describe('every redirect hop is checked on the IP it connects to', () => {
  /** Allows 127.0.0.1 only (standing in for "public"), so 127.0.0.2 plays the internal address. */
  const onlyDotOne: AddressPolicy = { allows: (ip) => ip === '127.0.0.1' };

  it('a redirect to a refused address is not followed', async () => {
    const internal = await httpServer('127.0.0.2', () => ({ status: 200, body: 'internal' }));
    const redirector = await httpServer('127.0.0.1', () => ({ status: 302, headers: { location: `${internal}/x` } }));
    await expect(pinnedFetch(onlyDotOne)(`${redirector}/start`)).rejects.toThrow(/only public addresses/);
    expect(hits.get(redirector)).toEqual(['/start']);
    expect(hits.get(internal)).toEqual([]);
  });

  it('a name that re-resolves to a refused address on the next hop (DNS rebinding) is refused', async () => {
    // Both addresses serve the same port number so only the resolved IP differs between the hops. The port is
    // taken on 127.0.0.2 first; another test process may hold that number on 127.0.0.1, so try again until both fit.
    let port = '';
    const front = createServer((req, res) => {
      hits.get('front')!.push(req.url ?? '');
      res.writeHead(302, { location: `http://rebind.test:${port}/second` }).end();
    });
    let internal = '';
    for (let attempt = 0; attempt < 20 && !port; attempt++) {
      const candidate = await httpServer('127.0.0.2', () => ({ status: 200, body: 'internal' }));
      const free = await new Promise<boolean>((resolve) => {
        front.once('error', () => resolve(false));
        front.listen(Number(new URL(candidate).port), '127.0.0.1', () => resolve(true));
      });
      if (free) [internal, port] = [candidate, new URL(candidate).port];
    }
    expect(port, 'a port number free on both 127.0.0.1 and 127.0.0.2').not.toBe('');
    servers.push(front);
    hits.set('front', []);
    let lookups = 0;
    const rebinding = (_host: string, cb: (e: Error | null, a: { address: string; family: number }[]) => void) =>
      cb(null, [{ address: lookups++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }]);
    await expect(pinnedFetch(onlyDotOne, rebinding)(`http://rebind.test:${port}/first`)).rejects.toThrow(
      /only public addresses/,
    );
    expect(hits.get('front')).toEqual(['/first']);
    expect(hits.get(internal)).toEqual([]);
  });

  it('classifies loopback, private, link-local and mapped addresses as not public', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ['::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('judges IPv4-embedded IPv6 forms by their IPv4 and refuses relay prefixes (review round 2)', () => {
    for (const ip of [
      '::7f00:1', // what [::127.0.0.1] becomes
      '::127.0.0.1',
      '::ffff:0:7f00:1', // IPv4-translated (RFC 6145)
      '::ffff:0:a9fe:a9fe',
      '::a9fe:a9fe', // compatible form of 169.254.169.254
      '64:ff9b::7f00:1', // NAT64 of loopback
      '64:ff9b::a00:1',
      '64:ff9b:1::808:808', // local-use NAT64
      '2002::1', // 6to4
      '2002:808:808::1',
      '2002:7f00:1::1',
      '2001::1', // Teredo
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '192.88.99.1', // 6to4 relay anycast
      '192.0.0.170',
      '2001:db8::1',
      '3fff::1',
      '1::1', // outside 2000::/3
      'fec0::1',
      'ff02::1',
      '100::1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of [
      '::ffff:808:808',
      '64:ff9b::808:808',
      '::ffff:0:808:808',
      '2a00:1450:4001:80b::200e',
      '1.1.1.1',
    ]) {
      expect(isPublicAddress(ip), ip).toBe(true);
    }
  });
});
