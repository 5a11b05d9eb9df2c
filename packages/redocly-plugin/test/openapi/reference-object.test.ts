import { describe, expect, it } from 'vitest';
import { createDocumentResolver, dereference, resolveFragment } from '../../src/openapi/reference-object.ts';

const root = {
  paths: { '/tenants/{tenant}': { parameters: [{ name: 'tenant', in: 'path' }] } },
  components: { schemas: { 'a/b': 'slash', 'a~b': 'tilde', café: 'accent', '100%': 'percent', '': 'empty name' } },
};

describe('resolveFragment', () => {
  const cases: [string, { given: string; want: unknown }][] = [
    ['the whole document', { given: '', want: root }],
    ['~1 is a slash', { given: '/components/schemas/a~1b', want: 'slash' }],
    ['~0 is a tilde', { given: '/components/schemas/a~0b', want: 'tilde' }],
    ['percent-encoded UTF-8', { given: '/components/schemas/caf%C3%A9', want: 'accent' }],
    ['percent-decoded before ~1: %7B and %7D are braces', { given: '/paths/~1tenants~1%7Btenant%7D/parameters/0/name', want: 'tenant' }],
    ['a % that starts no escape is literal', { given: '/components/schemas/100%', want: 'percent' }],
    ['an empty token names the empty key', { given: '/components/schemas/', want: 'empty name' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(resolveFragment(root, given)).toEqual({ found: true, value: want });
  });

  const missing: [string, { given: string }][] = [
    ['an absent key', { given: '/components/schemas/Nope' }],
    ['an index past the end', { given: '/paths/~1tenants~1%7Btenant%7D/parameters/1' }],
    ['a pointer without its leading slash', { given: 'components' }],
    ['a lone ~', { given: '/components/schemas/a~b' }],
    ['an inherited property', { given: '/components/constructor' }],
  ];
  it.each(missing)('%s is not found', (_name, { given }) => {
    expect(resolveFragment(root, given)).toEqual({ found: false });
  });
});

describe('createDocumentResolver', () => {
  const resolve = createDocumentResolver(root, 'api.yaml');

  it('resolves a local reference to its target, in the same document', () => {
    expect(resolve('#/components/schemas/a~1b', 'api.yaml')).toEqual({ node: 'slash', document: 'api.yaml' });
  });

  it('does not resolve references to other files, or references written in another document', () => {
    expect(resolve('other.yaml#/components/schemas/a~1b', 'api.yaml')).toBeUndefined();
    expect(resolve('#/components/schemas/a~1b', 'other.yaml')).toBeUndefined();
  });
});

describe('dereference', () => {
  const doc = {
    components: {
      parameters: { Alias: { $ref: '#/components/parameters/Tenant' }, Tenant: { name: 'tenant', in: 'path' }, Loop: { $ref: '#/components/parameters/Loop2' }, Loop2: { $ref: '#/components/parameters/Loop' } },
    },
  };
  const resolve = createDocumentResolver(doc, 'api.yaml');

  it('follows a chain of references', () => {
    expect(dereference({ node: { $ref: '#/components/parameters/Alias' }, document: 'api.yaml' }, resolve)).toEqual({ node: { name: 'tenant', in: 'path' }, document: 'api.yaml' });
  });

  it('gives up on a cycle of references', () => {
    expect(dereference({ node: { $ref: '#/components/parameters/Loop' }, document: 'api.yaml' }, resolve)).toBeUndefined();
  });

  it('returns a node that is not a reference as it is', () => {
    expect(dereference({ node: { name: 'x', in: 'query' }, document: 'api.yaml' }, resolve)).toEqual({ node: { name: 'x', in: 'query' }, document: 'api.yaml' });
  });
});
