/**
 * Which addresses a URL import may connect to. Coach tokens (and admins without the explicit setting) reach only
 * public addresses, so a URL cannot make Filmroom talk to this machine, the LAN or cloud metadata services
 * (SSRF). The check is on the IP actually connected to, never on the host name (see pinned-fetch.ts).
 *
 * Classification comes from `ipaddr.js` (its special-range tables follow the IANA registries); we allow only what
 * it calls `unicast` — for IPv6 also only inside the global unicast block 2000::/3. IPv6 forms that carry an IPv4
 * address to be reached directly or through a translator (mapped `::ffff:a.b.c.d`, translated `::ffff:0:a.b.c.d`,
 * the deprecated compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) are judged by that IPv4. Relay-based transition
 * prefixes (6to4 2002::/16, Teredo 2001::/32, local NAT64 64:ff9b:1::/48) are refused outright: which host they
 * end up at is decided by a relay, not by the address.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');

function isPublicV4(address: ipaddr.IPv4): boolean {
  return address.range() === 'unicast';
}

/** The IPv4 address an IPv6 address embeds for direct or translated reach, else null. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const tail = (): ipaddr.IPv4 => new ipaddr.IPv4([p[6]! >> 8, p[6]! & 255, p[7]! >> 8, p[7]! & 255]);
  const zeroPrefix = p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0;
  if (zeroPrefix && p[4] === 0 && (p[5] === 0 || p[5] === 0xffff)) return tail(); // compatible ::/96, mapped
  if (zeroPrefix && p[4] === 0xffff && p[5] === 0) return tail(); // translated ::ffff:0:0/96 (RFC 6145)
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) return tail(); // NAT64
  return null;
}

function isPublicV6(address: ipaddr.IPv6): boolean {
  const v4 = embeddedIpv4(address);
  if (v4) return isPublicV4(v4);
  return address.range() === 'unicast' && address.match(GLOBAL_UNICAST_V6, 3);
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return false;
  }
  return parsed.kind() === 'ipv4' ? isPublicV4(parsed as ipaddr.IPv4) : isPublicV6(parsed as ipaddr.IPv6);
}

export interface AddressPolicy {
  /** Whether a connection to this IP is allowed. */
  allows(address: string): boolean;
}

export const PUBLIC_ONLY: AddressPolicy = { allows: isPublicAddress };
export const ANY_ADDRESS: AddressPolicy = { allows: () => true };

/** The message for a refused address: the same whatever is (or is not) listening there. */
export const BLOCKED_ADDRESS_MESSAGE =
  'This link points to a local or private network address; only public addresses can be imported.';
