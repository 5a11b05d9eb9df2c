/**
 * The destination guard: callback URLs come from API users, so a delivery must not be a way into the
 * sender's own network (SSRF). A URL is refused for its scheme or embedded credentials, and an address is
 * refused unless it is public, both before sending (`checkDestination`, an explicit early answer) and at
 * connect time (`createGuardedLookup`, so that a name which resolves differently the second time, DNS
 * rebinding, still cannot reach a forbidden address).
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { canonicalAddress, classifyAddress, type AddressClass } from './ip-address.ts';

export interface DestinationPolicy {
  /**
   * Hostnames or IP literals allowed despite the guard, e.g. `'127.0.0.1'`, `'localhost'`. Compared with
   * the URL's host as written (case-insensitive, IPv6 in any spelling), never with what a name resolves
   * to: allowing `127.0.0.1` does not allow `localhost`, nor a public name that resolves to 127.0.0.1.
   */
  readonly allowHosts?: readonly string[];
  /**
   * Also allow private (10/8, 172.16/12, 192.168/16, fc00::/7) and CGNAT (100.64/10) addresses, for
   * receivers inside the operator's own network. Loopback, link-local (cloud metadata), unspecified,
   * multicast and reserved addresses stay refused; name them in `allowHosts` if really needed.
   */
  readonly allowPrivateNetworks?: boolean;
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Every address of `hostname` (`family` 0 = both). The default is `dns.lookup`, as `net.connect` uses. */
export type Resolver = (hostname: string, family: 0 | 4 | 6) => Promise<readonly ResolvedAddress[]>;

export type RefusalReason = 'invalid-url' | 'scheme' | 'credentials' | 'address';

/** Why a destination was refused. Raised through the socket by the guarded lookup, returned by `checkDestination`. */
export class DestinationRefusedError extends Error {
  readonly code = 'BOOMERANG_DESTINATION_REFUSED';
  readonly reason: RefusalReason;
  readonly hostname: string | undefined;
  readonly address: string | undefined;
  readonly addressClass: AddressClass | undefined;
  constructor(reason: RefusalReason, message: string, details: { hostname?: string; address?: string; addressClass?: AddressClass } = {}) {
    super(message);
    this.name = 'DestinationRefusedError';
    this.reason = reason;
    this.hostname = details.hostname;
    this.address = details.address;
    this.addressClass = details.addressClass;
  }
}

export type DestinationCheck =
  /** `addresses` is empty when the host is allowed by name (then it is not resolved). */
  | { readonly ok: true; readonly url: URL; readonly hostname: string; readonly addresses: readonly ResolvedAddress[] }
  | { readonly ok: false; readonly reason: 'refused'; readonly error: DestinationRefusedError }
  /** The name did not resolve: not a refusal (DNS can fail transiently), but nothing to connect to now. */
  | { readonly ok: false; readonly reason: 'unresolvable'; readonly error: Error };

/** Resolves with `dns.lookup`, as `net.connect` does, so both checks see what a connection would. */
export const systemResolver: Resolver = (hostname, family) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, family }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * Whether `url` may be called under `policy`: its scheme (http/https only), credentials (none), and
 * every address its host resolves to. Never throws. Use it for an early, explicit answer (e.g. when a
 * callback URL is registered); it does not replace `createGuardedLookup` at connect time.
 */
export async function checkDestination(url: string, policy: DestinationPolicy = {}, resolve: Resolver = systemResolver): Promise<DestinationCheck> {
  const early = checkDestinationStatically(url, policy);
  if (!early.ok) return { ok: false, reason: 'refused', error: early.error };
  const { hostname } = early;
  const target = { ok: true, url: early.url, hostname } as const;
  if (isAllowedHost(hostname, policy)) return { ...target, addresses: [] };
  if (canonicalAddress(hostname) !== undefined) return { ...target, addresses: [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }] };
  const resolved = await resolveGuarded(hostname, 0, policy, resolve).catch((error: unknown) => asError(error));
  if (resolved instanceof DestinationRefusedError) return { ok: false, reason: 'refused', error: resolved };
  if (resolved instanceof Error) return { ok: false, reason: 'unresolvable', error: resolved };
  return { ...target, addresses: resolved };
}

export type StaticDestinationCheck =
  | { readonly ok: true; readonly url: URL; readonly hostname: string }
  | { readonly ok: false; readonly error: DestinationRefusedError };

/**
 * What can be said of `url` under `policy` without DNS: its scheme, its credentials, and a host that is
 * an IP literal or a `localhost` name. Synchronous, for an answer while the request that gave the URL
 * is still open; a name that passes may still resolve to a forbidden address, which `checkDestination`
 * and the guarded lookup refuse when the callback is sent.
 */
export function checkDestinationStatically(url: string, policy: DestinationPolicy = {}): StaticDestinationCheck {
  const parsed = parseDestination(url);
  if (parsed instanceof DestinationRefusedError) return { ok: false, error: parsed };
  const { hostname } = parsed;
  if (isAllowedHost(hostname, policy)) return { ok: true, ...parsed };
  if (canonicalAddress(hostname) !== undefined) {
    const refusal = refuseAddress(hostname, hostname, policy);
    if (refusal) return { ok: false, error: refusal };
  } else if (isLocalhostName(hostname)) {
    return { ok: false, error: localhostRefusal(hostname) };
  }
  return { ok: true, ...parsed };
}

/**
 * A `lookup` for `net.connect` / `http.request` / `https.request` that resolves, then fails the connection
 * with a `DestinationRefusedError` if any address is forbidden (all of them are checked, not only the one
 * used, so a name cannot smuggle a private address next to a public one). Handles `options.all`, which
 * Node's happy-eyeballs connect uses. Node does not call `lookup` for IP-literal hosts: check those with
 * `checkDestination` first, as `deliver` does.
 */
export function createGuardedLookup(policy: DestinationPolicy = {}, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    // Old callers pass the family as a bare number.
    const opts = typeof options === 'number' ? { family: options } : (options ?? {});
    const family = opts.family === 4 || opts.family === 'IPv4' ? 4 : opts.family === 6 || opts.family === 'IPv6' ? 6 : 0;
    resolveGuarded(hostname, family, policy, resolve).then(
      (addresses) => {
        if (opts.all) return callback(null, addresses.map((a): LookupAddress => ({ address: a.address, family: a.family })));
        // resolveGuarded never returns an empty list; the fallback only satisfies the type.
        const first = addresses[0] ?? { address: '', family: 0 };
        callback(null, first.address, first.family);
      },
      (error: unknown) => (opts.all ? callback(asError(error), []) : callback(asError(error), '')),
    );
  };
}

/** The guarded lookup under the default policy: only public addresses. */
export const guardedLookup: LookupFunction = createGuardedLookup();

/** The addresses of `hostname`, all of them allowed; rejects with `DestinationRefusedError` or the DNS error. */
async function resolveGuarded(hostname: string, family: 0 | 4 | 6, policy: DestinationPolicy, resolve: Resolver): Promise<readonly ResolvedAddress[]> {
  const allowed = isAllowedHost(hostname, policy);
  // RFC 6761: `localhost` and `*.localhost` are loopback whatever DNS says, so no resolver can say otherwise.
  if (!allowed && isLocalhostName(hostname)) throw localhostRefusal(hostname);
  const addresses = await resolve(hostname, family);
  if (addresses.length === 0) throw Object.assign(new Error(`No address found for "${hostname}".`), { code: 'ENOTFOUND' });
  if (allowed) return addresses;
  for (const { address } of addresses) {
    const refusal = refuseAddress(hostname, address, policy);
    if (refusal) throw refusal;
  }
  return addresses;
}

function localhostRefusal(hostname: string): DestinationRefusedError {
  return new DestinationRefusedError('address', `Refused to call "${hostname}": it is the local machine (loopback).`, { hostname, addressClass: 'loopback' });
}

function refuseAddress(hostname: string, address: string, policy: DestinationPolicy): DestinationRefusedError | undefined {
  let addressClass: AddressClass;
  try {
    addressClass = classifyAddress(address);
  } catch {
    addressClass = 'reserved'; // a resolver that returns garbage gets no benefit of the doubt
  }
  if (addressClass === 'public') return undefined;
  if (policy.allowPrivateNetworks && (addressClass === 'private' || addressClass === 'cgnat')) return undefined;
  const via = hostname === address ? '' : ` (${hostname} resolves to ${address})`;
  return new DestinationRefusedError(
    'address',
    `Refused to call ${address}${via}: it is a ${addressClass} address. Allow it with the destination policy if this receiver is meant to be internal.`,
    { hostname, address, addressClass },
  );
}

function parseDestination(url: string): { url: URL; hostname: string } | DestinationRefusedError {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return new DestinationRefusedError('invalid-url', `Refused to call ${JSON.stringify(url)}: it is not an absolute URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return new DestinationRefusedError('scheme', `Refused to call a "${parsed.protocol}" URL: only http: and https: are allowed.`);
  }
  // Credentials in a callback URL would be sent as Basic auth to wherever it points; nothing legitimate needs that.
  if (parsed.username !== '' || parsed.password !== '') {
    return new DestinationRefusedError('credentials', 'Refused to call a URL that carries credentials (user:password@).');
  }
  // WHATWG URL has already normalized 0x7f.1 and 2130706433 to 127.0.0.1; only IPv6 brackets remain.
  const hostname = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  return { url: parsed, hostname };
}

function isAllowedHost(hostname: string, policy: DestinationPolicy): boolean {
  if (policy.allowHosts === undefined || policy.allowHosts.length === 0) return false;
  const key = hostKey(hostname);
  return policy.allowHosts.some((allowed) => hostKey(allowed) === key);
}

/** One spelling per host: IP literals canonical, names lower case without the root dot. */
function hostKey(host: string): string {
  return canonicalAddress(host) ?? host.toLowerCase().replace(/\.$/, '');
}

function isLocalhostName(hostname: string): boolean {
  const name = hostKey(hostname);
  return name === 'localhost' || name.endsWith('.localhost');
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
