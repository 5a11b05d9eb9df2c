/**
 * Example Objects (named `examples` maps of parameters and media types) → `examples: { name: {
 * summary, description, value } }`, a reusable one as `defineExample(..., { id })`. An example
 * given only by `externalValue` has no `value` for the definition to carry.
 * https://spec.openapis.org/oas/v3.1.0#example-object
 */
import { childPointer } from './findings.ts';
import { extensionsOf, isObject, report, reportUnknownFields, type ImportContext, type JsonObject } from './import-context.ts';
import { useComponent, type ComponentSpec } from './reference-object.ts';

export const exampleSpec: ComponentSpec = { kind: 'examples', noun: 'example', fields: exampleFields };

/** https://spec.openapis.org/oas/v3.1.0#example-object */
function exampleFields(ctx: ImportContext, example: JsonObject, pointer: string): JsonObject | undefined {
  reportUnknownFields(ctx, example, pointer, ['summary', 'description', 'value', 'externalValue'], 'example', {}, true);
  if (example.value === undefined) {
    const why = example.externalValue !== undefined ? `it has only an \`externalValue\` (${String(example.externalValue)}), and a named example of the definition is its \`value\`` : 'it has no `value`';
    report(ctx, 'BMI020', example.externalValue !== undefined ? childPointer(pointer, 'externalValue') : pointer, `the example is not carried over: ${why}.`);
    return undefined;
  }
  return {
    ...(typeof example.summary === 'string' ? { summary: example.summary } : {}),
    ...(typeof example.description === 'string' ? { description: example.description } : {}),
    value: example.value,
    ...extensionsOf(example),
  };
}

/** An `examples` map, each entry in place or a const; undefined when none is carried. */
export function examplesObject(ctx: ImportContext, examples: unknown, pointer: string): JsonObject | undefined {
  if (!isObject(examples)) return undefined;
  const out: JsonObject = {};
  for (const [name, raw] of Object.entries(examples)) {
    const at = childPointer(pointer, name);
    const use = useComponent(ctx, raw, at, exampleSpec);
    if (use === undefined) continue;
    const fields = use.code ?? exampleFields(ctx, use.value, use.pointer);
    if (fields !== undefined) out[name] = fields;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

