import { describe, expect, it } from 'vitest';
import { canonicalAddress, classifyAddress, type AddressClass } from '../src/ip-address.ts';

describe('classifyAddress', () => {
  const cases: [string, { given: string; want: AddressClass }][] = [
    // IPv4
    ['a public IPv4 address', { given: '93.184.216.34', want: 'public' }],
    ['8.8.8.8', { given: '8.8.8.8', want: 'public' }],
    ['0.0.0.0', { given: '0.0.0.0', want: 'unspecified' }],
    ['"this network" 0/8', { given: '0.1.2.3', want: 'reserved' }],
    ['127.0.0.1', { given: '127.0.0.1', want: 'loopback' }],
    ['the end of 127/8', { given: '127.255.255.254', want: 'loopback' }],
    ['10/8', { given: '10.20.30.40', want: 'private' }],
    ['172.16/12 start', { given: '172.16.0.1', want: 'private' }],
    ['172.16/12 end', { given: '172.31.255.255', want: 'private' }],
    ['just past 172.16/12', { given: '172.32.0.1', want: 'public' }],
    ['just before 172.16/12', { given: '172.15.255.255', want: 'public' }],
    ['192.168/16', { given: '192.168.1.1', want: 'private' }],
    ['the cloud metadata service', { given: '169.254.169.254', want: 'link-local' }],
    ['169.254/16', { given: '169.254.0.1', want: 'link-local' }],
    ['CGNAT 100.64/10 start', { given: '100.64.0.1', want: 'cgnat' }],
    ['CGNAT 100.64/10 end', { given: '100.127.255.255', want: 'cgnat' }],
    ['just past CGNAT', { given: '100.128.0.1', want: 'public' }],
    ['multicast', { given: '224.0.0.251', want: 'multicast' }],
    ['multicast end', { given: '239.255.255.255', want: 'multicast' }],
    ['broadcast', { given: '255.255.255.255', want: 'reserved' }],
    ['240/4', { given: '240.0.0.1', want: 'reserved' }],
    ['TEST-NET-1', { given: '192.0.2.10', want: 'reserved' }],
    ['TEST-NET-3', { given: '203.0.113.7', want: 'reserved' }],
    ['benchmarking', { given: '198.19.0.1', want: 'reserved' }],
    ['IETF protocol assignments', { given: '192.0.0.8', want: 'reserved' }],
    // IPv6
    ['::', { given: '::', want: 'unspecified' }],
    ['::1', { given: '::1', want: 'loopback' }],
    ['::1 spelled out', { given: '0:0:0:0:0:0:0:1', want: 'loopback' }],
    ['a public IPv6 address', { given: '2606:4700:4700::1111', want: 'public' }],
    ['unique local fc00::/7 (fd)', { given: 'fd12:3456:789a::1', want: 'private' }],
    ['unique local fc00::/7 (fc)', { given: 'fc00::1', want: 'private' }],
    ['link-local fe80::/10', { given: 'fe80::1', want: 'link-local' }],
    ['link-local with a zone', { given: 'fe80::1%eth0', want: 'link-local' }],
    ['the end of fe80::/10', { given: 'febf::1', want: 'link-local' }],
    ['site-local (deprecated)', { given: 'fec0::1', want: 'private' }],
    ['multicast', { given: 'ff02::1', want: 'multicast' }],
    ['documentation', { given: '2001:db8::1', want: 'reserved' }],
    ['Teredo', { given: '2001:0:4136:e378:8000:63bf:3fff:fdd2', want: 'reserved' }],
    ['unallocated space', { given: '4000::1', want: 'reserved' }],
    ['IPv4-compatible (deprecated)', { given: '::127.0.0.1', want: 'reserved' }],
    // IPv6 forms that reach an IPv4 address take that address's class.
    ['IPv4-mapped loopback, dotted', { given: '::ffff:127.0.0.1', want: 'loopback' }],
    ['IPv4-mapped loopback, hex (as URL normalizes it)', { given: '::ffff:7f00:1', want: 'loopback' }],
    ['IPv4-mapped metadata service', { given: '::ffff:169.254.169.254', want: 'link-local' }],
    ['IPv4-mapped private', { given: '::ffff:10.0.0.1', want: 'private' }],
    ['IPv4-mapped public', { given: '::ffff:8.8.8.8', want: 'public' }],
    ['IPv4-mapped, spelled out', { given: '0:0:0:0:0:ffff:7f00:0001', want: 'loopback' }],
    ['IPv4-translated', { given: '::ffff:0:127.0.0.1', want: 'loopback' }],
    ['NAT64 of loopback', { given: '64:ff9b::127.0.0.1', want: 'loopback' }],
    ['NAT64 of the metadata service, hex', { given: '64:ff9b::a9fe:a9fe', want: 'link-local' }],
    ['NAT64 of a public address', { given: '64:ff9b::8.8.8.8', want: 'public' }],
    ['NAT64 local-use prefix', { given: '64:ff9b:1::a00:1', want: 'private' }],
    ['6to4 of a private address', { given: '2002:c0a8:0101::1', want: 'private' }],
    ['6to4 of loopback', { given: '2002:7f00:1::', want: 'loopback' }],
    ['6to4 of a public address', { given: '2002:0808:0808::1', want: 'public' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(classifyAddress(given)).toBe(want);
  });

  it.each(['localhost', '', '1.2.3', '256.0.0.1', '::ffff::1', '[::1]', 'example.com'])('throws for the non-address %j', (given) => {
    expect(() => classifyAddress(given)).toThrow(TypeError);
  });
});

describe('canonicalAddress', () => {
  const cases: [string, { given: string; want: string | undefined }][] = [
    ['IPv4 as is', { given: '127.0.0.1', want: '127.0.0.1' }],
    ['::1 and its long form agree', { given: '0:0:0:0:0:0:0:1', want: canonicalAddress('::1') }],
    ['brackets are dropped', { given: '[::1]', want: canonicalAddress('::1') }],
    ['mapped dotted and hex agree', { given: '::ffff:127.0.0.1', want: canonicalAddress('::ffff:7f00:1') }],
    ['a name is no address', { given: 'localhost', want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(canonicalAddress(given)).toBe(want);
  });
});
