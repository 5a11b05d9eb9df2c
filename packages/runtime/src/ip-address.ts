/**
 * Classification of IP addresses by the special-purpose registries, for the destination guard.
 * Pure: no DNS, no sockets.
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
import { isIPv4, isIPv6 } from 'node:net';

/**
 * What an address is. Only `public` is reachable without an operator's say-so; `reserved` gathers
 * documentation, benchmarking, broadcast, "this network", deprecated and unallocated space.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'cgnat' | 'multicast' | 'reserved';

type Rule<Verdict> = readonly [prefix: bigint, length: number, verdict: Verdict];

/** First match wins, so narrower ranges come before the ranges that contain them. */
const ipv4Rules: readonly Rule<AddressClass>[] = [
  [v4('0.0.0.0'), 32, 'unspecified'],
  [v4('0.0.0.0'), 8, 'reserved'], // "this network" (RFC 791)
  [v4('10.0.0.0'), 8, 'private'], // RFC 1918
  [v4('100.64.0.0'), 10, 'cgnat'], // shared address space (RFC 6598)
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'], // includes the cloud metadata service 169.254.169.254
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments
  [v4('192.0.2.0'), 24, 'reserved'], // TEST-NET-1
  [v4('192.88.99.0'), 24, 'reserved'], // 6to4 relay anycast (deprecated)
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'], // benchmarking
  [v4('198.51.100.0'), 24, 'reserved'], // TEST-NET-2
  [v4('203.0.113.0'), 24, 'reserved'], // TEST-NET-3
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'], // future use, and 255.255.255.255 broadcast
  [0n, 0, 'public'],
];

const ipv6Rules: readonly Rule<AddressClass | 'embedded-ipv4'>[] = [
  [v6('::'), 128, 'unspecified'],
  [v6('::1'), 128, 'loopback'],
  [v6('::ffff:0:0'), 96, 'embedded-ipv4'], // IPv4-mapped: ::ffff:127.0.0.1 reaches 127.0.0.1
  [v6('::ffff:0:0:0'), 96, 'embedded-ipv4'], // IPv4-translated (RFC 2765)
  [v6('64:ff9b::'), 96, 'embedded-ipv4'], // NAT64 well-known prefix (RFC 6052): a translator forwards to the IPv4 address
  [v6('64:ff9b:1::'), 48, 'private'], // NAT64 local-use prefix (RFC 8215)
  [v6('2002::'), 16, 'embedded-ipv4'], // 6to4: the IPv4 address sits in bits 16..47
  [v6('100::'), 64, 'reserved'], // discard-only
  [v6('2001:db8::'), 32, 'reserved'], // documentation
  [v6('2001::'), 23, 'reserved'], // IETF protocol assignments, including Teredo tunnels
  [v6('2000::'), 3, 'public'], // global unicast; everything else below is special
  [v6('fc00::'), 7, 'private'], // unique local
  [v6('fe80::'), 10, 'link-local'],
  [v6('fec0::'), 10, 'private'], // site-local (deprecated)
  [v6('ff00::'), 8, 'multicast'],
  [0n, 0, 'reserved'], // unallocated, IPv4-compatible (::a.b.c.d) and the rest
];

/**
 * The class of an IPv4 or IPv6 address (dotted quad, or any IPv6 spelling, with or without a `%zone`).
 * Addresses that embed an IPv4 address (IPv4-mapped, NAT64, 6to4) take the class of the embedded
 * address, because that is where a connection to them ends up. Throws a `TypeError` for a non-address.
 */
export function classifyAddress(ip: string): AddressClass {
  if (isIPv4(ip)) return match(ipv4Rules, v4(ip), 32);
  const unzoned = ip.replace(/%.*$/, '');
  if (isIPv6(unzoned)) {
    const value = v6(unzoned);
    const verdict = match(ipv6Rules, value, 128);
    if (verdict !== 'embedded-ipv4') return verdict;
    // 6to4 carries the IPv4 address right after its 16-bit prefix; the others in the low 32 bits.
    const embedded = value >> 112n === 0x2002n ? (value >> 80n) & 0xffffffffn : value & 0xffffffffn;
    return match(ipv4Rules, embedded, 32);
  }
  throw new TypeError(`Not an IP address: ${JSON.stringify(ip)}.`);
}

/** `ip` in one canonical spelling, so allow-lists compare `::1`, `0::1` and `[::1]` as equal. Undefined for a non-address. */
export function canonicalAddress(ip: string): string | undefined {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare) || bare.includes('%')) return undefined;
  return v6(bare).toString(16).padStart(32, '0');
}

function match<Verdict>(rules: readonly Rule<Verdict>[], value: bigint, width: number): Verdict {
  for (const [prefix, length, verdict] of rules) {
    const shift = BigInt(width - length);
    if (value >> shift === prefix >> shift) return verdict;
  }
  throw new Error('unreachable: every rule table ends with a catch-all');
}

function v4(ip: string): bigint {
  return ip.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

/** A valid IPv6 address (checked by the caller) as a 128-bit integer; a trailing dotted quad is allowed. */
function v6(ip: string): bigint {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const n = Number(v4(dotted[1]));
    text = `${text.slice(0, -dotted[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}
