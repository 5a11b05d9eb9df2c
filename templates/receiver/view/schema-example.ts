/**
 * An example value for a JSON Schema, for the README: the schema's own example, default, const or first
 * enum value where it has one, else a value built from its types, the way Swagger UI fills a sample
 * ("string", 0, true), with formats given a valid value. Deterministic; tests check each example
 * against the schema it came from.
 */
import type { BodyModel, JsonSchema } from '@boomerang/core';

/** The example the definition documents for a body: its `example`, else the first of its named `examples`. */
export function documentedExample(body: Pick<BodyModel, 'example' | 'examples'> | undefined): unknown {
  if (body === undefined) return undefined;
  if (body.example !== undefined) return body.example;
  const first = Object.values(body.examples ?? {})[0];
  return first?.value;
}

const componentsPrefix = '#/components/schemas/';
const defsPrefix = '#/$defs/';

const formatExamples: Readonly<Record<string, string>> = {
  'date-time': '2024-01-01T12:00:00Z',
  date: '2024-01-01',
  time: '12:00:00Z',
  duration: 'P1D',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com',
  'uri-reference': 'https://example.com',
  iri: 'https://example.com',
  url: 'https://example.com',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  byte: 'U3dhZ2dlciByb2Nrcw==',
  regex: '^[a-z]+$',
};

export function exampleOf(schema: JsonSchema | undefined, components: Readonly<Record<string, JsonSchema>>, depth = 0): unknown {
  if (schema === undefined || typeof schema === 'boolean' || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') {
    const ref = s.$ref;
    const name = ref.startsWith(componentsPrefix) ? ref.slice(componentsPrefix.length) : ref.startsWith(defsPrefix) ? ref.slice(defsPrefix.length) : undefined;
    const target = name === undefined ? undefined : components[decodeURIComponent(name)];
    return exampleOf(target, components, depth + 1);
  }
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (Array.isArray(s.allOf) && s.allOf.length > 0) {
    const parts = s.allOf.map((part) => exampleOf(part as JsonSchema, components, depth + 1));
    if (parts.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p))) return Object.assign({}, ...parts);
    return parts[0];
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      const first = options.find((o) => (o as Record<string, unknown>)?.type !== 'null') ?? options[0];
      return exampleOf(first as JsonSchema, components, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
  switch (type) {
    case 'object':
      return objectExample(s, components, depth);
    case 'array': {
      const item = exampleOf(s.items as JsonSchema | undefined, components, depth + 1);
      const count = typeof s.minItems === 'number' && s.minItems > 1 ? s.minItems : 1;
      return Array.from({ length: count }, () => item);
    }
    case 'string':
      return stringExample(s);
    case 'integer':
      return numberExample(s, true);
    case 'number':
      return numberExample(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
  }
  if (s.properties !== undefined) return objectExample(s, components, depth);
  return null;
}

function objectExample(s: Record<string, unknown>, components: Readonly<Record<string, JsonSchema>>, depth: number): Record<string, unknown> {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, exampleOf(property, components, depth + 1)]));
}

function stringExample(s: Record<string, unknown>): string {
  const format = typeof s.format === 'string' ? formatExamples[s.format] : undefined;
  if (format !== undefined) return format;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  let text = 'string';
  if (text.length < min) text = text.padEnd(min, 'x');
  if (text.length > max) text = text.slice(0, max);
  return text;
}

function numberExample(s: Record<string, unknown>, integer: boolean): number {
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (integer ? 1 : 0.5) : undefined;
  let value = 0;
  if (min !== undefined && value < min) value = min;
  if (max !== undefined && value > max) value = max;
  return integer ? Math.ceil(value) : value;
}
