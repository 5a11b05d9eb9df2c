/**
 * `parameterOptions`: how each parameter is serialized (`style`, `explode`, `allowReserved`), its
 * named examples and `x-` keys, by location and name. Checked against what OpenAPI allows per
 * location and per schema, since a plain-JS or callback definition escapes the type checker.
 * https://spec.openapis.org/oas/v3.1.0#style-values
 */
import type { AnyParameterOptions, ParameterOptions } from '../definition.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ParameterLocation, ParameterModel } from '../model.ts';
import { allowedTypes } from '../runtime-expression/schema-pointer.ts';
import type { SchemaRegistry } from '../schema/schema-registry.ts';
import { closestName } from '../runtime-expression/closest-name.ts';
import { extensionsOf } from '../openapi/extensions.ts';

/** The styles OpenAPI defines for each location, the default first. */
export const stylesByLocation: Readonly<Record<ParameterLocation, readonly string[]>> = {
  path: ['simple', 'label', 'matrix'],
  query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'],
  header: ['simple'],
  cookie: ['form'],
};

/** Styles that only mean something for some schema types (the Style Values table). */
const styleTypes: Readonly<Record<string, readonly string[]>> = {
  spaceDelimited: ['array', 'object'],
  pipeDelimited: ['array', 'object'],
  deepObject: ['object'],
};

const locations = ['path', 'query', 'header', 'cookie'] as const;
const labels: Readonly<Record<ParameterLocation, string>> = { path: 'request.params', query: 'request.query', header: 'request.headers', cookie: 'request.cookies' };

/** The parameters with their options applied; each option that names no parameter, or that OpenAPI does not allow, is reported. */
export function applyParameterOptions(
  parameters: readonly ParameterModel[],
  options: AnyParameterOptions | undefined,
  registry: SchemaRegistry,
  diagnostics: Diagnostic[],
  where: string,
): ParameterModel[] {
  if (options === undefined) return [...parameters];
  const applied = new Map<ParameterModel, ParameterModel>();
  for (const location of locations) {
    const byName: Readonly<Record<string, ParameterOptions>> = options[location] ?? {};
    for (const [name, option] of Object.entries(byName)) {
      const here = `${where} › parameterOptions.${location}.${name}`;
      const parameter = parameters.find((p) => p.in === location && (location === 'header' ? p.name.toLowerCase() === name.toLowerCase() : p.name === name));
      if (parameter === undefined) {
        const declared = parameters.filter((p) => p.in === location).map((p) => p.name);
        const close = closestName(name, declared);
        diagnostics.push(
          diagnostic(
            'BMR121',
            here,
            `the request declares no ${location} parameter \`${name}\`.`,
            close !== undefined ? `Write \`${close}\`.` : declared.length > 0 ? `Its ${location} parameters are ${declared.map((d) => `\`${d}\``).join(', ')}.` : `Declare it in \`${labels[location]}\` first.`,
          ),
        );
        continue;
      }
      checkStyle(parameter, option, registry, diagnostics, here);
      if (option.examples !== undefined && parameter.example !== undefined) {
        diagnostics.push(diagnostic('BMR123', here, `\`${name}\` has both an \`example\` (from its schema) and named \`examples\`.`, 'OpenAPI allows one of the two: move the example into `examples`, or drop `examples`.'));
      }
      const allowReserved = (option as { allowReserved?: boolean }).allowReserved;
      applied.set(parameter, {
        ...parameter,
        ...(option.style !== undefined ? { style: option.style } : {}),
        ...(option.explode !== undefined ? { explode: option.explode } : {}),
        ...(allowReserved !== undefined ? { allowReserved } : {}),
        ...(option.examples !== undefined ? { examples: option.examples } : {}),
        ...extensionsOf(option),
      });
    }
  }
  return parameters.map((p) => applied.get(p) ?? p);
}

/**
 * A parameter declared on its own (`defineParameter`, `request.parameters`, a path's `parameters`) with
 * its own `style`, `explode`, `allowReserved` and `x-` keys: checked as `parameterOptions` are.
 */
export function withOwnStyle(parameter: ParameterModel, option: ParameterOptions, registry: SchemaRegistry, diagnostics: Diagnostic[], where: string): ParameterModel {
  checkStyle(parameter, option, registry, diagnostics, where);
  const allowReserved = (option as { allowReserved?: boolean }).allowReserved;
  return {
    ...parameter,
    ...(option.style !== undefined ? { style: option.style } : {}),
    ...(option.explode !== undefined ? { explode: option.explode } : {}),
    ...(allowReserved !== undefined ? { allowReserved } : {}),
    ...extensionsOf(option),
  };
}

function checkStyle(parameter: ParameterModel, option: ParameterOptions, registry: SchemaRegistry, diagnostics: Diagnostic[], where: string): void {
  const allowed = stylesByLocation[parameter.in];
  const style = option.style as string | undefined;
  if (style !== undefined && !allowed.includes(style)) {
    const elsewhere = locations.filter((l) => stylesByLocation[l].includes(style));
    diagnostics.push(
      diagnostic(
        'BMR122',
        where,
        `the style \`${style}\` is not one of a ${parameter.in} parameter${elsewhere.length > 0 ? ` (it is for ${elsewhere.join(' and ')} parameters)` : ''}.`,
        `A ${parameter.in} parameter's style is ${allowed.map((s) => `\`${s}\``).join(' or ')}${allowed.length > 1 ? ` (default \`${allowed[0]}\`)` : ''}.`,
      ),
    );
    return;
  }
  if ((option as { allowReserved?: unknown }).allowReserved !== undefined && parameter.in !== 'query') {
    diagnostics.push(diagnostic('BMR122', where, `\`allowReserved\` applies to query parameters only, not to the ${parameter.in} parameter \`${parameter.name}\`.`, 'Leave `allowReserved` out.'));
  }
  const needs = style === undefined ? undefined : styleTypes[style];
  if (needs === undefined) return;
  const types = allowedTypes(parameter.schema, (ref) => registry.resolve(ref));
  if (types !== undefined && !needs.some((t) => types.has(t))) {
    diagnostics.push(
      diagnostic(
        'BMR122',
        where,
        `the style \`${style}\` serializes ${needs.join(' or ')} values, but \`${parameter.name}\` is ${[...types].sort().join(' or ') || 'never a value'}.`,
        style === 'deepObject' ? 'Give the parameter an object schema (`z.object({ ... })`), or use the default style.' : 'Give the parameter an array schema (`z.array(z.string())`), or use the default style.',
      ),
    );
  }
}
