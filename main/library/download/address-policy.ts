/**
 * Which addresses a URL import may connect to. Coach tokens (and admins without the explicit setting) reach only
 * public addresses, so a URL cannot make Filmroom talk to this machine, the LAN or cloud metadata services
 * (SSRF). The check is on the IP actually connected to, never on the host name (see pinned-fetch.ts).
 */
import { BlockList, isIP } from 'node:net';

const NON_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10],
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(net, bits, 'ipv6');
}

/** An IPv4 address written inside IPv6 (`::ffff:127.0.0.1`, NAT64 `64:ff9b::7f00:1`): the IPv4 part, else null. */
function embeddedIpv4(address: string): string | null {
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4) return isPublicAddress(v4);
  return !NON_PUBLIC.check(address, 'ipv6');
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
