/**
 * Parameter styles, both ways, against OpenAPI's Style Examples table: `color` as the string "blue",
 * the array ["blue", "black", "brown"] and the object { R: 100, G: 200, B: 150 }. Label lists are
 * comma-separated unless exploded, as RFC 6570 and OpenAPI 3.1.1's table write them.
 * https://spec.openapis.org/oas/v3.1.1#style-examples
 */
import { describe, expect, it } from 'vitest';
import { parseStyledParameters, serializeHeaderParameter, serializePathParameter, serializeQueryParameter, type ParameterLocation, type StyledParameter } from '../src/shared/parameter-style.ts';

type Type = StyledParameter['type'];
const values: Record<Type, unknown> = { primitive: 'blue', array: ['blue', 'black', 'brown'], object: { R: 100, G: 200, B: 150 } };
/** What a server hands the validator: the same values, still strings. */
const parsed: Record<Type, unknown> = { primitive: 'blue', array: ['blue', 'black', 'brown'], object: { R: '100', G: '200', B: '150' } };

/** [location, style, explode, type, the wire form (as in the table), the names and values a framework parses it into]. */
const table: [ParameterLocation, string, boolean, Type, string, Record<string, string | string[]>][] = [
  ['path', 'matrix', false, 'primitive', ';color=blue', { color: ';color=blue' }],
  ['path', 'matrix', false, 'array', ';color=blue,black,brown', { color: ';color=blue,black,brown' }],
  ['path', 'matrix', false, 'object', ';color=R,100,G,200,B,150', { color: ';color=R,100,G,200,B,150' }],
  ['path', 'matrix', true, 'primitive', ';color=blue', { color: ';color=blue' }],
  ['path', 'matrix', true, 'array', ';color=blue;color=black;color=brown', { color: ';color=blue;color=black;color=brown' }],
  ['path', 'matrix', true, 'object', ';R=100;G=200;B=150', { color: ';R=100;G=200;B=150' }],
  ['path', 'label', false, 'primitive', '.blue', { color: '.blue' }],
  ['path', 'label', false, 'array', '.blue,black,brown', { color: '.blue,black,brown' }],
  ['path', 'label', false, 'object', '.R,100,G,200,B,150', { color: '.R,100,G,200,B,150' }],
  ['path', 'label', true, 'primitive', '.blue', { color: '.blue' }],
  ['path', 'label', true, 'array', '.blue.black.brown', { color: '.blue.black.brown' }],
  ['path', 'label', true, 'object', '.R=100.G=200.B=150', { color: '.R=100.G=200.B=150' }],
  ['path', 'simple', false, 'primitive', 'blue', { color: 'blue' }],
  ['path', 'simple', false, 'array', 'blue,black,brown', { color: 'blue,black,brown' }],
  ['path', 'simple', false, 'object', 'R,100,G,200,B,150', { color: 'R,100,G,200,B,150' }],
  ['path', 'simple', true, 'array', 'blue,black,brown', { color: 'blue,black,brown' }],
  ['path', 'simple', true, 'object', 'R=100,G=200,B=150', { color: 'R=100,G=200,B=150' }],
  ['header', 'simple', false, 'array', 'blue,black,brown', { color: 'blue,black,brown' }],
  ['header', 'simple', false, 'object', 'R,100,G,200,B,150', { color: 'R,100,G,200,B,150' }],
  ['header', 'simple', true, 'object', 'R=100,G=200,B=150', { color: 'R=100,G=200,B=150' }],
  ['query', 'form', false, 'primitive', 'color=blue', { color: 'blue' }],
  ['query', 'form', false, 'array', 'color=blue,black,brown', { color: 'blue,black,brown' }],
  ['query', 'form', false, 'object', 'color=R,100,G,200,B,150', { color: 'R,100,G,200,B,150' }],
  ['query', 'form', true, 'primitive', 'color=blue', { color: 'blue' }],
  ['query', 'form', true, 'array', 'color=blue&color=black&color=brown', { color: ['blue', 'black', 'brown'] }],
  ['query', 'form', true, 'object', 'R=100&G=200&B=150', { R: '100', G: '200', B: '150' }],
  ['query', 'spaceDelimited', false, 'array', 'color=blue%20black%20brown', { color: 'blue black brown' }],
  ['query', 'spaceDelimited', false, 'object', 'color=R%20100%20G%20200%20B%20150', { color: 'R 100 G 200 B 150' }],
  ['query', 'pipeDelimited', false, 'array', 'color=blue|black|brown', { color: 'blue|black|brown' }],
  ['query', 'pipeDelimited', false, 'object', 'color=R|100|G|200|B|150', { color: 'R|100|G|200|B|150' }],
  ['query', 'deepObject', true, 'object', 'color[R]=100&color[G]=200&color[B]=150', { 'color[R]': '100', 'color[G]': '200', 'color[B]': '150' }],
];

function parameter(style: string, explode: boolean, type: Type): StyledParameter {
  return { name: 'color', style, explode, type, ...(type === 'object' && style === 'form' && explode ? { properties: ['R', 'G', 'B'] } : {}) };
}

function serialize(location: ParameterLocation, p: StyledParameter, value: unknown): string {
  if (location === 'query') return serializeQueryParameter(p.name, value, p).join('&');
  if (location === 'path') return serializePathParameter(p.name, value, p);
  return serializeHeaderParameter(value, p);
}

describe('parseStyledParameters: the Style Examples table', () => {
  it.each(table)('%s %s explode=%s %s: %s', (location, style, explode, type, _wire, raw) => {
    const got = parseStyledParameters(location, { other: 'kept', ...raw }, [parameter(style, explode, type)], ['color', 'other']);
    expect(got).toEqual({ ok: true, value: { other: 'kept', color: parsed[type] } });
  });
});

describe('serialize*Parameter: the Style Examples table', () => {
  it.each(table)('%s %s explode=%s %s: %s', (location, style, explode, type, wire) => {
    expect(serialize(location, parameter(style, explode, type), values[type])).toBe(wire);
  });

  it('without a style, as OpenAPI defaults: form exploded in the query, simple in the path and headers', () => {
    expect(serializeQueryParameter('color', ['a b', 'c&d'], undefined)).toEqual(['color=a%20b', 'color=c%26d']);
    expect(serializePathParameter('id', 'a/b', undefined)).toBe('a%2Fb');
    expect(serializePathParameter('ids', [1, 2], undefined)).toBe('1,2');
    expect(serializeHeaderParameter(['a', 'b'], undefined)).toBe('a,b');
  });

  it('encodes each value and keeps the delimiters literal', () => {
    expect(serializeQueryParameter('q', ['a,b', 'c|d'], parameter('pipeDelimited', false, 'array'))).toEqual(['q=a%2Cb|c%7Cd']);
    expect(serializeQueryParameter('f', { 'a b': 'x/y' }, parameter('deepObject', true, 'object'))).toEqual(['f[a%20b]=x%2Fy']);
    expect(serializePathParameter('color', ['a.b', 'c'], parameter('label', true, 'array'))).toBe('.a.b.c');
  });
});

describe('parseStyledParameters: empty and absent values', () => {
  const cases: [string, { location: ParameterLocation; p: StyledParameter; raw: Record<string, string>; want: Record<string, unknown> }][] = [
    ['matrix `;color` is the empty string', { location: 'path', p: parameter('matrix', false, 'primitive'), raw: { color: ';color' }, want: { color: '' } }],
    ['label `.` is the empty list', { location: 'path', p: parameter('label', false, 'array'), raw: { color: '.' }, want: { color: [] } }],
    ['form `color=` is the empty list', { location: 'query', p: parameter('form', false, 'array'), raw: { color: '' }, want: { color: [] } }],
    ['an absent query parameter stays absent', { location: 'query', p: parameter('form', false, 'array'), raw: {}, want: {} }],
    ['an absent deepObject stays absent', { location: 'query', p: parameter('deepObject', true, 'object'), raw: { other: '1' }, want: { other: '1' } }],
    ['an exploded form object without declared properties takes the names no parameter has', { location: 'query', p: { name: 'color', style: 'form', explode: true, type: 'object' }, raw: { R: '1', sort: 'x' }, want: { sort: 'x', color: { R: '1' } } }],
    ['header lists may have spaces after commas', { location: 'header', p: parameter('simple', false, 'array'), raw: { color: 'blue, black' }, want: { color: ['blue', 'black'] } }],
    ['a `__proto__` key is a property like any other', { location: 'path', p: parameter('simple', false, 'object'), raw: { color: '__proto__,1' }, want: { color: JSON.parse('{"__proto__":"1"}') } }],
  ];
  it.each(cases)('%s', (_name, { location, p, raw, want }) => {
    const got = parseStyledParameters(location, raw, [p], ['color', 'sort']);
    expect(got).toEqual({ ok: true, value: want });
    if (got.ok && typeof got.value.color === 'object') expect(Object.getPrototypeOf(got.value.color)).toBe(Array.isArray(got.value.color) ? Array.prototype : Object.prototype);
  });
});

describe('parseStyledParameters: malformed values are errors at the parameter', () => {
  const cases: [string, { location: ParameterLocation; p: StyledParameter; raw: Record<string, string | string[]>; message: RegExp }][] = [
    ['a label without its dot', { location: 'path', p: parameter('label', true, 'array'), raw: { color: 'blue' }, message: /^must start with "\." \(label style, exploded: \.a\.b\.c\)$/ }],
    ['a matrix value without its semicolon', { location: 'path', p: parameter('matrix', false, 'primitive'), raw: { color: 'blue' }, message: /^must start with ";"/ }],
    ['a matrix value under another name', { location: 'path', p: parameter('matrix', false, 'primitive'), raw: { color: ';colour=blue' }, message: /^must name "color" in each ";color="/ }],
    ['an object of an odd number of items', { location: 'path', p: parameter('simple', false, 'object'), raw: { color: 'R,100,G' }, message: /^must be name,value pairs \(simple style: key,value,key2,value2\)$/ }],
    ['an exploded object item without `=`', { location: 'header', p: parameter('simple', true, 'object'), raw: { color: 'R=1,G' }, message: /^must be name=value pairs separated by ","/ }],
    ['a comma list given twice', { location: 'query', p: parameter('form', false, 'array'), raw: { color: ['1,2', '3'] }, message: /^must be given once \(form style: color=a,b,c\)$/ }],
    ['a deepObject two levels deep', { location: 'query', p: parameter('deepObject', true, 'object'), raw: { 'color[R][x]': '1' }, message: /^must be one level deep: color\[property\]=value, not "color\[R\]\[x\]"/ }],
    ['a deepObject given as a plain name', { location: 'query', p: parameter('deepObject', true, 'object'), raw: { color: 'R' }, message: /^must be written as color\[property\]=value/ }],
  ];
  it.each(cases)('%s', (_name, { location, p, raw, message }) => {
    const got = parseStyledParameters(location, raw, [p]);
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.errors).toHaveLength(1);
    expect(got.errors[0]).toMatchObject({ instancePath: '/color', keyword: 'style' });
    expect(got.errors[0]!.message).toMatch(message);
  });

  it('escapes the pointer to a name holding `/` or `~`', () => {
    const got = parseStyledParameters('header', { 'x/a~b': 'R' }, [{ name: 'x/a~b', style: 'simple', explode: false, type: 'object' }]);
    expect(got.ok ? undefined : got.errors[0]!.instancePath).toBe('/x~1a~0b');
  });
});

describe('a round trip', () => {
  it.each(table)('%s %s explode=%s %s', (location, style, explode, type) => {
    const p = parameter(style, explode, type);
    const wire = serialize(location, p, values[type]);
    let raw: Record<string, string | string[]>;
    if (location === 'query') {
      raw = {};
      for (const [k, v] of new URLSearchParams(wire)) raw[k] = raw[k] === undefined ? v : [raw[k] as string, v].flat();
    } else raw = { color: location === 'path' ? decodeURIComponent(wire) : wire };
    expect(parseStyledParameters(location, raw, [p], ['color'])).toEqual({ ok: true, value: { color: parsed[type] } });
  });
});
