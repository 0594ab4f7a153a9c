/**
 * A `fetch` for URL imports that enforces an AddressPolicy on the IP it connects to, at every redirect hop:
 * - the host name is resolved by our own `lookup`, which refuses a non-allowed address and hands the checked IP
 *   to the socket — the connection is pinned to the address that was checked, so DNS rebinding cannot swap it;
 * - an IP literal in the URL (which skips lookup) is checked directly;
 * - redirects are followed here, one checked hop at a time (at most MAX_REDIRECTS), http and https only.
 * Built on node:http/https, whose `lookup` option is exactly this hook.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { BLOCKED_ADDRESS_MESSAGE, type AddressPolicy } from './address-policy.js';
import { DownloadError } from './resumable-download.js';

const MAX_REDIRECTS = 5;
const NULL_BODY = new Set([101, 204, 205, 304]);

type Resolver = (host: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (host, callback) => dnsLookup(host, { all: true }, callback);

export const blockedAddress = () => new DownloadError(BLOCKED_ADDRESS_MESSAGE, null, false);

/** A `lookup` that answers only with an allowed address (and remembers nothing: each connection checks anew). */
function checkedLookup(policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const wanted = typeof options === 'object' && options.family ? Number(options.family) : 0;
      const candidates = addresses.filter((a) => !wanted || a.family === wanted);
      // Every answer must be allowed: a name that also resolves inside the network is not a public name.
      if (candidates.length === 0 || !candidates.every((a) => policy.allows(a.address))) {
        return callback(blockedAddress(), '', 4);
      }
      const first = candidates[0]!;
      if (typeof options === 'object' && options.all) {
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, candidates);
      }
      callback(null, first.address, first.family);
    });
  };
}

function oneRequest(url: URL, init: RequestInit, lookup: LookupFunction): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const req = request(
      url,
      { method: init.method ?? 'GET', headers, lookup, signal: init.signal ?? undefined },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [key, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const status = res.statusCode ?? 502;
  if (NULL_BODY.has(status) || status < 200) {
    res.resume();
    return new Response(null, { status: status < 200 ? 502 : status, headers });
  }
  return new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, {
    status,
    statusText: res.statusMessage,
    headers,
  });
}

export function pinnedFetch(policy: AddressPolicy, resolve: Resolver = systemResolver): typeof fetch {
  const lookup = checkedLookup(policy, resolve);
  return async (input, init = {}) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new DownloadError('Only http and https links can be imported.', null, false);
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host) && !policy.allows(host)) throw blockedAddress();
      const res = await oneRequest(url, init, lookup);
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new DownloadError('The link redirects too many times.', null, false);
        url = new URL(location, url);
        continue;
      }
      return toResponse(res);
    }
  };
}
