import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDestination, checkDestinationStatically, createGuardedLookup, DestinationRefusedError, type DestinationPolicy, type ResolvedAddress, type Resolver } from '../src/address-guard.ts';

/** A resolver from a table; a function entry answers differently on each call (DNS rebinding). */
function fakeResolver(table: Record<string, readonly string[] | (() => readonly string[])>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string, family: 0 | 4 | 6): Promise<readonly ResolvedAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const addresses = (typeof entry === 'function' ? entry() : entry).map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
    return addresses.filter((a) => family === 0 || a.family === family);
  };
  return Object.assign(resolve, { calls });
}

const dns = fakeResolver({
  'public.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'internal.test': ['10.0.0.7'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['93.184.216.34', '192.168.0.10'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'loopback.test': ['127.0.0.1'],
  'localhost': ['93.184.216.34'], // a lying resolver: localhost stays loopback anyway
});

describe('checkDestination', () => {
  type Want = { ok: true; addresses?: string[] } | { ok: false; reason: 'refused'; refusal: string; addressClass?: string } | { ok: false; reason: 'unresolvable' };
  const cases: [string, { url: string; policy?: DestinationPolicy; want: Want }][] = [
    ['a public name', { url: 'https://public.test/hooks', want: { ok: true, addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] } }],
    ['a public IP literal', { url: 'http://93.184.216.34:8080/x', want: { ok: true, addresses: ['93.184.216.34'] } }],
    ['ftp:', { url: 'ftp://public.test/file', want: { ok: false, reason: 'refused', refusal: 'scheme' } }],
    ['file:', { url: 'file:///etc/passwd', want: { ok: false, reason: 'refused', refusal: 'scheme' } }],
    ['gopher:', { url: 'gopher://public.test:70/', want: { ok: false, reason: 'refused', refusal: 'scheme' } }],
    ['credentials', { url: 'https://user:pass@public.test/', want: { ok: false, reason: 'refused', refusal: 'credentials' } }],
    ['a user name alone', { url: 'https://user@public.test/', want: { ok: false, reason: 'refused', refusal: 'credentials' } }],
    ['not a URL', { url: '/relative/path', want: { ok: false, reason: 'refused', refusal: 'invalid-url' } }],
    ['127.0.0.1', { url: 'http://127.0.0.1:3000/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['127.0.0.1 in hex', { url: 'http://0x7f.1/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['127.0.0.1 as one number', { url: 'http://2130706433/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['[::1]', { url: 'http://[::1]:3000/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['[::ffff:127.0.0.1]', { url: 'http://[::ffff:127.0.0.1]/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['NAT64 of the metadata service', { url: 'http://[64:ff9b::169.254.169.254]/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'link-local' } }],
    ['the metadata service', { url: 'http://169.254.169.254/latest/meta-data/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'link-local' } }],
    ['0.0.0.0', { url: 'http://0.0.0.0/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'unspecified' } }],
    ['CGNAT', { url: 'http://100.64.1.1/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'cgnat' } }],
    ['localhost', { url: 'http://localhost:3000/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['LOCALHOST. (upper case, root dot)', { url: 'http://LOCALHOST./', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['a *.localhost name', { url: 'http://api.localhost/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['a name resolving to a private address', { url: 'https://internal.test/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'private' } }],
    ['a name resolving to the metadata service', { url: 'http://metadata.test/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'link-local' } }],
    ['a name resolving to public and private', { url: 'https://mixed.test/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'private' } }],
    ['a name resolving to IPv4-mapped loopback', { url: 'https://mapped.test/', want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['an unknown name', { url: 'https://nowhere.test/', want: { ok: false, reason: 'unresolvable' } }],
    // The policy.
    ['an allowed IP literal', { url: 'http://127.0.0.1:3000/', policy: { allowHosts: ['127.0.0.1'] }, want: { ok: true, addresses: [] } }],
    ['allowing 127.0.0.1 does not allow localhost', { url: 'http://localhost:3000/', policy: { allowHosts: ['127.0.0.1'] }, want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['allowing 127.0.0.1 does not allow a name that resolves to it', { url: 'http://loopback.test/', policy: { allowHosts: ['127.0.0.1'] }, want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['an allowed name, any case', { url: 'http://localhost:3000/', policy: { allowHosts: ['LocalHost'] }, want: { ok: true, addresses: [] } }],
    ['an allowed IPv6 literal in another spelling', { url: 'http://[0:0::1]/', policy: { allowHosts: ['::1'] }, want: { ok: true, addresses: [] } }],
    ['private networks allowed: 10/8', { url: 'https://internal.test/', policy: { allowPrivateNetworks: true }, want: { ok: true, addresses: ['10.0.0.7'] } }],
    ['private networks allowed: CGNAT', { url: 'http://100.64.1.1/', policy: { allowPrivateNetworks: true }, want: { ok: true, addresses: ['100.64.1.1'] } }],
    ['private networks allowed: still no loopback', { url: 'http://127.0.0.1/', policy: { allowPrivateNetworks: true }, want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'loopback' } }],
    ['private networks allowed: still no metadata service', { url: 'http://169.254.169.254/', policy: { allowPrivateNetworks: true }, want: { ok: false, reason: 'refused', refusal: 'address', addressClass: 'link-local' } }],
    ['an allowed host does not allow other schemes', { url: 'ftp://127.0.0.1/', policy: { allowHosts: ['127.0.0.1'] }, want: { ok: false, reason: 'refused', refusal: 'scheme' } }],
  ];
  it.each(cases)('%s', async (_name, { url, policy, want }) => {
    const check = await checkDestination(url, policy, dns);
    if (want.ok) {
      expect(check.ok).toBe(true);
      if (check.ok && want.addresses) expect(check.addresses.map((a) => a.address)).toEqual(want.addresses);
    } else if (want.reason === 'unresolvable') {
      expect(check).toMatchObject({ ok: false, reason: 'unresolvable' });
    } else {
      expect(check).toMatchObject({ ok: false, reason: 'refused' });
      if (!check.ok && check.reason === 'refused') {
        expect(check.error).toBeInstanceOf(DestinationRefusedError);
        expect(check.error.reason).toBe(want.refusal);
        expect(check.error.addressClass).toBe(want.addressClass);
      }
    }
  });

  it('explains a refusal by name and address', async () => {
    const check = await checkDestination('http://metadata.test/', {}, dns);
    expect(!check.ok && check.error.message).toMatch(/169\.254\.169\.254 \(metadata\.test resolves to 169\.254\.169\.254\): it is a link-local address/);
  });
});

describe('checkDestinationStatically: what is known without DNS', () => {
  const cases: [string, { url: string; policy?: DestinationPolicy; refusal?: string; addressClass?: string }][] = [
    ['a public name (not resolved)', { url: 'https://internal.test/hooks' }],
    ['a public IP literal', { url: 'http://93.184.216.34:8080/x' }],
    ['file:', { url: 'file:///etc/passwd', refusal: 'scheme' }],
    ['javascript:', { url: 'javascript:alert(1)', refusal: 'scheme' }],
    ['credentials', { url: 'https://user:pass@public.test/', refusal: 'credentials' }],
    ['not a URL', { url: 'public.test/hooks', refusal: 'invalid-url' }],
    ['127.0.0.1 in hex', { url: 'http://0x7f.1/', refusal: 'address', addressClass: 'loopback' }],
    ['the metadata service', { url: 'http://169.254.169.254/latest/meta-data/', refusal: 'address', addressClass: 'link-local' }],
    ['[::1]', { url: 'http://[::1]:3000/', refusal: 'address', addressClass: 'loopback' }],
    ['10.0.0.7', { url: 'http://10.0.0.7/', refusal: 'address', addressClass: 'private' }],
    ['localhost', { url: 'http://LOCALHOST./', refusal: 'address', addressClass: 'loopback' }],
    ['an allowed IP literal', { url: 'http://127.0.0.1:3000/', policy: { allowHosts: ['127.0.0.1'] } }],
    ['an allowed localhost', { url: 'http://localhost:3000/', policy: { allowHosts: ['localhost'] } }],
    ['private networks allowed', { url: 'http://10.0.0.7/', policy: { allowPrivateNetworks: true } }],
    ['private networks allowed: still no metadata service', { url: 'http://169.254.169.254/', policy: { allowPrivateNetworks: true }, refusal: 'address', addressClass: 'link-local' }],
  ];
  it.each(cases)('%s', (_name, { url, policy, refusal, addressClass }) => {
    const check = checkDestinationStatically(url, policy);
    if (refusal === undefined) expect(check).toMatchObject({ ok: true });
    else expect(check.ok === false && { reason: check.error.reason, addressClass: check.error.addressClass }).toEqual({ reason: refusal, addressClass });
  });
});

describe('createGuardedLookup', () => {
  let server: net.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A TCP server on 127.0.0.1:0 that counts connections. */
  async function countingServer(): Promise<{ port: number; connections: () => number }> {
    let connections = 0;
    const s = net.createServer((socket) => {
      connections++;
      socket.end();
    });
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return { port: (s.address() as net.AddressInfo).port, connections: () => connections };
  }

  function connect(host: string, port: number, lookup: net.LookupFunction): Promise<{ connected: true } | { connected: false; error: Error }> {
    return new Promise((resolve) => {
      const socket = net.connect({ host, port, lookup });
      socket.on('connect', () => {
        socket.destroy();
        resolve({ connected: true });
      });
      socket.on('error', (error) => resolve({ connected: false, error }));
    });
  }

  it('refuses at connect time a name that rebinds to loopback after the early check', async () => {
    const { port, connections } = await countingServer();
    let call = 0;
    const rebinding = fakeResolver({ 'rebind.test': () => (call++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']) });
    expect((await checkDestination(`http://rebind.test:${port}/`, {}, rebinding)).ok).toBe(true);
    const outcome = await connect('rebind.test', port, createGuardedLookup({}, rebinding));
    expect(outcome.connected).toBe(false);
    expect(!outcome.connected && outcome.error).toBeInstanceOf(DestinationRefusedError);
    expect(!outcome.connected && (outcome.error as DestinationRefusedError).addressClass).toBe('loopback');
    expect(connections()).toBe(0);
  });

  it('connects to an allowed name', async () => {
    const { port, connections } = await countingServer();
    const resolver = fakeResolver({ 'receiver.test': ['127.0.0.1'] });
    const outcome = await connect('receiver.test', port, createGuardedLookup({ allowHosts: ['receiver.test'] }, resolver));
    expect(outcome).toEqual({ connected: true });
    await expect.poll(connections).toBe(1);
  });

  it('refuses localhost without asking the resolver', async () => {
    const { port, connections } = await countingServer();
    const resolver = fakeResolver({ localhost: ['127.0.0.1'] });
    const outcome = await connect('localhost', port, createGuardedLookup({}, resolver));
    expect(!outcome.connected && outcome.error).toBeInstanceOf(DestinationRefusedError);
    expect(resolver.calls).toEqual([]);
    expect(connections()).toBe(0);
  });

  const call = (lookup: net.LookupFunction, hostname: string, options: object) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[]; family: number | undefined }>((resolve) =>
      lookup(hostname, options, (error, address, family) => resolve({ error, address, family })),
    );

  it('answers one address, or all of them with options.all, and passes the family on', async () => {
    const lookup = createGuardedLookup({}, dns);
    expect(await call(lookup, 'public.test', {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await call(lookup, 'public.test', { all: true })).toMatchObject({ error: null, address: [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }] });
    expect(await call(lookup, 'public.test', { family: 6 })).toMatchObject({ error: null, address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 });
  });

  it('passes DNS errors through untouched', async () => {
    const result = await call(createGuardedLookup({}, dns), 'nowhere.test', { all: true });
    expect(result.error).toMatchObject({ code: 'ENOTFOUND' });
    expect(result.error).not.toBeInstanceOf(DestinationRefusedError);
  });
});
