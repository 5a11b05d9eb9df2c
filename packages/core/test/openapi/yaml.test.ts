/** The document printer's YAML is, byte for byte, what the `yaml` package prints with the same settings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { yamlText } from '../../src/openapi/yaml.ts';
import { definitions, emit } from './documents.ts';

const reference = (value: unknown) => stringify(value, { aliasDuplicateObjects: false, lineWidth: 0, indent: 2 });

/** Strings YAML is particular about: indicators, look-alikes of other types, line breaks, spaces at the ends. */
const trickyString = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', 'B', 'z', 'e', 'E', 'x', '_', '/', ' ', '\n', ':', '#', '-', '?', '|', '>', "'", '"', '\\', '\t', '{', '}', '[', ']', ',', '&', '*', '!', '%', '@', '`', '~', '0', '1', '.', 'e', '\r', '\u0085', '\u2028', 'é', '😀') }),
  fc.constantFrom('', ' ', 'null', 'Null', '~', 'true', 'yes', 'no', 'on', '1', '0x1f', '1e3', '.inf', '-.5', '2024-01-01', '$ref', '200', '{$request.body#/id}', '#/components/schemas/X', 'a\nb', 'a\nb\n', 'a\nb\n\n', ' lead\nx', '\nlead', 'x\n  y', 'trail \nx', 'a\n\n\nb', '- item', '? q', 'k: v', 'a #b', '|', '>', '%TAG', '---', '...', '#/components/schemas/Invoice', '#/', '#/a~1b', 'true', 'True', 'TRUE', 'Null', 'NULL', 'False', 'FALSE', 'abc', 'a-b', 'a.b', 'a/b', 'x_y', '$ref', 'e3', 'E3', 'y', 'n', 'Y', 'inf', 'nan', 'NaN', 'Yes', 'ON', 'off', 'a-', 'a.', 'a//b', 'application/json', 'x-boomerang'),
);

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, trickyString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
})).value;

describe('YAML printer', () => {
  it('prints random JSON exactly as the yaml package does', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(yamlText(value)).toBe(reference(value));
      }),
      { numRuns: 3000 },
    );
  });

  it.each(Object.entries(definitions))('prints the %s documents exactly as the yaml package does', (_name, definition) => {
    for (const version of ['3.1', '3.0'] as const) {
      const { document } = emit(definition, version);
      expect(yamlText(document)).toBe(reference(document));
    }
  });
});
